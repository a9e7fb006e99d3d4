// instrukt-ai-central: the aggregator's writer (docs/fleet.md). rsyslog's
// omprog starts it and writes every frame the agents ship to its stdin; it
// appends each line, byte for byte, to {central}/{host}/{app}/{file}.log,
// writes a line rsyslog sends again only once, and reports lines that never
// came. Its own events go to its own log, {log-root}/instrukt-ai-central/.
//
// Exit status: 0 at the end of its input; 2 usage error, or its log or the
// central folder cannot be opened.
#include "frame.hpp"
#include "source_order.hpp"

#include <instrukt_ai/logging.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <system_error>

namespace fs = std::filesystem;
namespace ial = instrukt_ai::logging;
namespace central = instrukt_ai::central;

namespace {

constexpr const char* usage =
    "usage: instrukt-ai-central --central DIR [--log-root DIR]\n"
    "  reads the agents' frames on stdin (rsyslog omprog, deploy/rsyslog/aggregator.conf) and appends\n"
    "  each line to DIR/HOST/APP/FILE.log; its own log: --log-root (default $INSTRUKT_AI_LOG_ROOT,\n"
    "  else /var/log/instrukt-ai)/instrukt-ai-central/instrukt-ai-central.log\n";

struct CentralWriterStarted {
  static constexpr ial::event_info event{"central_writer_started", ial::level::info};
  std::string_view central;
};
struct CentralLineResent {
  static constexpr ial::event_info event{"central_line_resent", ial::level::info};
  std::string_view host, app, file;
  std::uint64_t offset;
};
struct CentralGap {
  static constexpr ial::event_info event{"central_gap", ial::level::warning};
  std::string_view host, app, file;
  std::uint64_t offset, missing_bytes;
};
struct CentralLineEarly {
  static constexpr ial::event_info event{"central_line_out_of_order", ial::level::warning};
  static constexpr ial::throttle_info throttle{10, std::chrono::seconds(60)};
  std::string_view host, app, file;
  std::uint64_t offset;
};
struct CentralFrameRefused {
  static constexpr ial::event_info event{"central_frame_refused", ial::level::warning};
  static constexpr ial::throttle_info throttle{10, std::chrono::seconds(60)};
  std::string reason;
  std::string_view frame;
};
struct CentralWriteFailed {
  static constexpr ial::event_info event{"central_write_failed", ial::level::error};
  static constexpr ial::throttle_info throttle{10, std::chrono::seconds(60)};
  std::string_view path;
  std::string error;
};

ial::logger& log() {
  static ial::logger l = ial::get_logger("instrukt_ai_central");
  return l;
}

// One host's {app}/{file}.log: its order and its open file.
struct source {
  fs::path path, state_path;
  central::source_order order;
  int fd = -1;
  ino_t inode = 0;
  std::string pending;  // lines taken since the last write
  bool touched = false;
  bool order_saved = true;  // the state file holds `order`
};

// Writes `bytes` and empties it; on a failure, what was not written stays.
bool write_all(int fd, std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  bytes.erase(0, done);
  return bytes.empty();
}

// The order state: up to ~70 KB (4,096 hashes as hex); read up to 1 MiB, so
// that a full one is never cut (a cut one loads as empty).
std::string read_small_file(const fs::path& path) {
  std::string text;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0 && text.size() < (std::size_t{1} << 20);) text.append(buf, n);
  ::close(fd);
  return text;
}

class central_writer {
 public:
  explicit central_writer(fs::path root) : root_(std::move(root)) {}

  // One frame, without its '\n'.
  void take(std::string_view text) {
    const auto parsed = central::parse_frame(text);
    if (!parsed.value) {
      log().log(CentralFrameRefused{parsed.error, text.substr(0, 200)});
      return;
    }
    const auto& f = *parsed.value;
    source& s = source_for(f);
    const auto d = s.order.take(f.offset, f.line);
    s.touched = true;
    if (d.what == central::verdict::resent) {
      log().log(CentralLineResent{f.host, f.app, f.file, f.offset});
      return;
    }
    if (d.what == central::verdict::gap) log().log(CentralGap{f.host, f.app, f.file, f.offset, d.missing_bytes});
    if (d.what == central::verdict::early) log().log(CentralLineEarly{f.host, f.app, f.file, f.offset});
    s.pending.append(f.line);
    s.pending.push_back('\n');
  }

  // Writes what the frames so far gave (false if some could not be written),
  // then, at most every 200 ms and at the end (`last`), the order of each
  // source written to. The order is saved after its lines: after a crash in
  // between, lines of the last 200 ms can be reported as a gap or, sent
  // again, written twice; none is skipped.
  bool write_out(bool last = false) {
    bool all_written = true;
    const auto now = std::chrono::steady_clock::now();
    const bool check_rotation = now - last_rotation_check_ >= std::chrono::seconds(1);
    if (check_rotation) last_rotation_check_ = now;
    const bool save = last || now - last_save_ >= std::chrono::milliseconds(200);
    if (save) last_save_ = now;
    for (auto& [key, s] : sources_) {
      if (check_rotation && s.fd >= 0) reopen_if_moved(s);
      if (s.touched) s.order_saved = false;
      s.touched = false;
      if (!s.pending.empty()) {
        if (s.fd < 0) open_file(s);
        if (s.fd < 0 || !write_all(s.fd, s.pending)) {
          // Kept, and the order not saved past them: main() reads no more
          // frames until they are written.
          log().log(CentralWriteFailed{s.path.native(), std::strerror(errno)});
          all_written = false;
          continue;
        }
      }
      if (save && !s.order_saved) s.order_saved = save_order(s);
    }
    return all_written;
  }

  bool unsaved() const {
    for (const auto& [key, s] : sources_)
      if (!s.order_saved) return true;
    return false;
  }

  void close_all() {
    for (auto& [key, s] : sources_)
      if (s.fd >= 0) ::close(s.fd), s.fd = -1;
  }

 private:
  source& source_for(const central::frame& f) {
    key_.clear();
    for (const auto part : {f.host, f.app, f.file}) (key_ += part) += '/';
    auto it = sources_.find(key_);
    if (it != sources_.end()) return it->second;
    source s;
    const fs::path folder = root_ / std::string(f.host) / std::string(f.app);
    s.path = folder / (std::string(f.file) + ".log");
    std::string state_name(1, '.');
    state_name.append(f.file).append(".log.order");
    s.state_path = folder / state_name;
    s.order = central::source_order::load(read_small_file(s.state_path));
    return sources_.emplace(key_, std::move(s)).first->second;
  }

  void open_file(source& s) {
    std::error_code ec;
    fs::create_directories(s.path.parent_path(), ec);
    s.fd = ::open(s.path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    struct stat st {};
    if (s.fd >= 0 && ::fstat(s.fd, &st) == 0) s.inode = st.st_ino;
  }

  // A central file renamed away (logrotate on the central tree): the next
  // lines go to a new file at the path.
  static void reopen_if_moved(source& s) {
    struct stat st {};
    if (::stat(s.path.c_str(), &st) != 0 || st.st_ino != s.inode) {
      ::close(s.fd);
      s.fd = -1;
    }
  }

  static bool save_order(source& s) {
    const auto text = s.order.save();
    const int fd = ::open(s.state_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) return false;
    const bool ok = ::pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()) &&
                    ::ftruncate(fd, static_cast<off_t>(text.size())) == 0;
    ::close(fd);
    return ok;
  }

  fs::path root_;
  std::map<std::string, source, std::less<>> sources_;
  std::string key_;
  std::chrono::steady_clock::time_point last_rotation_check_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_save_{};
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "instrukt-ai-central: %s\n%s", message.c_str(), usage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root;
  ial::options opts;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(usage, stdout);
      return 0;
    }
    if (a == "--central" && i + 1 < argc) {
      root = argv[++i];
      continue;
    }
    if (a == "--log-root" && i + 1 < argc) {
      opts.log_root = argv[++i];
      continue;
    }
    return usage_error(std::string(a) + (a.starts_with("--") ? ": unknown, or needs a value" : ": unexpected"));
  }
  if (root.empty()) return usage_error("--central DIR is needed: the folder that holds HOST/APP/FILE.log");
  std::error_code ec;
  fs::create_directories(root, ec);
  if (!fs::is_directory(root, ec))
    return usage_error("--central " + root.string() + ": not a folder, and it could not be made one");
  try {
    ial::configure_logging("instrukt-ai-central", opts);
  } catch (const ial::configuration_error& e) {
    return usage_error(std::string(e.what()) + " (give --log-root DIR for its own log)");
  }
  log().log(CentralWriterStarted{root.native()});

  central_writer writer(root);
  constexpr std::size_t max_frame = std::size_t{4} << 20;  // past rsyslog's 1 MiB: a frame without its '\n'
  std::string buffer;
  std::vector<char> chunk(std::size_t{1} << 20);
  bool skipping = false;  // inside a frame too long to keep
  for (;;) {
    if (writer.unsaved()) {  // idle with an order not yet saved: save it within 250 ms
      pollfd in{STDIN_FILENO, POLLIN, 0};
      if (::poll(&in, 1, 250) == 0) {
        writer.write_out();
        continue;
      }
    }
    const auto n = ::read(STDIN_FILENO, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk.data(), static_cast<std::size_t>(n));
    std::size_t at = 0;
    for (std::size_t nl; (nl = buffer.find('\n', at)) != std::string::npos; at = nl + 1) {
      if (!skipping) writer.take(std::string_view(buffer).substr(at, nl - at));
      skipping = false;
    }
    buffer.erase(0, at);
    if (buffer.size() > max_frame) {
      log().log(CentralFrameRefused{"longer than 4 MiB without an end of line", std::string_view(buffer).substr(0, 200)});
      buffer.clear();
      skipping = true;
    }
    // The central disk is full or failing: hold the frames back until the
    // lines taken are written. rsyslog's queues then fill, RELP stops
    // acknowledging, and the agents' lines wait in their own files.
    while (!writer.write_out()) ::poll(nullptr, 0, 1000);
  }
  writer.write_out(/*last=*/true);
  writer.close_all();
  return 0;
}
