#include "follow.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace instrukt_ai::logs {
namespace {

using clock = std::chrono::steady_clock;

struct followed {
  fs::path path;
  std::string stem;
  int fd = -1;
  dev_t dev = 0;
  ino_t ino = 0;
  std::uint64_t offset = 0;
  std::string partial;  // an incomplete last line
  micros last_time = no_time;
  bool draining = false;             // renamed away; its successor is followed
  clock::time_point quiet_since{};   // draining: since it last grew (or was replaced)

  ~followed() {
    if (fd >= 0) ::close(fd);
  }
};

struct pending_line {
  micros time;
  std::size_t file;
  std::uint64_t seq;
  std::string text;
};

std::unique_ptr<followed> open_followed(const fs::path& path, const std::string& stem, int fd, std::uint64_t offset,
                                        bool symlink = false) {
  if (fd < 0) fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (symlink ? 0 : O_NOFOLLOW));
  if (fd < 0) {
    std::fprintf(stderr, "instrukt-ai-logs: cannot follow %s: %s%s\n", path.c_str(), std::strerror(errno),
                 errno == EMFILE ? " (raise the limit: ulimit -n)" : "");
    return nullptr;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return nullptr;
  }
  auto f = std::make_unique<followed>();
  f->path = path;
  f->stem = stem;
  f->fd = fd;
  f->dev = st.st_dev;
  f->ino = st.st_ino;
  f->offset = offset;
  return f;
}

class follower {
 public:
  follower(const follow_settings& s, const query& q, printer& out) : settings_(s), query_(q), out_(out) {}

  void add(std::unique_ptr<followed> f) { files_.push_back(std::move(f)); }

  void tick() {
    discover();
    std::vector<pending_line> lines;
    for (std::size_t i = 0; i < files_.size(); ++i) read(i, lines);
    retire(lines);
    std::stable_sort(lines.begin(), lines.end(), [](const pending_line& a, const pending_line& b) {
      return a.time != b.time ? a.time < b.time : a.file != b.file ? a.file < b.file : a.seq < b.seq;
    });
    for (const auto& l : lines)
      if (l.time >= query_.since && query_.filter.matches(l.text)) out_.print(l.text, settings_.suffix);
    out_.flush();
  }

 private:
  followed* current(const std::string& stem) {
    for (auto& f : files_)
      if (!f->draining && f->stem == stem) return f.get();
    return nullptr;
  }

  // New live files, and live files whose path now names another file (rotation).
  void discover() {
    std::error_code ec;
    const listing how{settings_.stems, settings_.follow_symlinks};
    for (const auto& entry : fs::directory_iterator(settings_.folder, ec)) {
      log_file lf;
      std::string notice;
      if (!readable_entry(settings_.folder, entry.path().filename().string(), how, lf, notice) || !lf.live) continue;
      struct stat st;
      if (::stat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      followed* now = current(lf.stem);
      if (now && now->dev == st.st_dev && now->ino == st.st_ino) continue;
      if (now) {  // renamed away: read on until it has been quiet for the grace period
        now->draining = true;
        now->quiet_since = clock::now();
      }
      if (auto f = open_followed(entry.path(), lf.stem, -1, 0, lf.symlink)) add(std::move(f));
    }
  }

  void read(std::size_t index, std::vector<pending_line>& lines) {
    followed& f = *files_[index];
    struct stat st;
    if (::fstat(f.fd, &st) != 0) return;
    const auto size = static_cast<std::uint64_t>(st.st_size);
    // Truncated: shorter than what was read, or (rewritten past it since) no
    // longer a line end where the last whole line ended.
    char last = '\n';
    if (size >= f.offset && f.offset > 0 && f.partial.empty() &&
        ::pread(f.fd, &last, 1, static_cast<off_t>(f.offset - 1)) != 1)
      last = '\n';
    if (size < f.offset || last != '\n') {
      std::fprintf(stderr, "instrukt-ai-logs: %s was truncated; reading it from its start\n", f.path.c_str());
      f.offset = 0;
      f.partial.clear();
    }
    if (size == f.offset) return;
    if (f.draining) f.quiet_since = clock::now();
    char buf[1 << 16];
    while (f.offset < size) {
      const ssize_t n = ::pread(f.fd, buf, std::min<std::uint64_t>(sizeof buf, size - f.offset),
                                static_cast<off_t>(f.offset));
      if (n <= 0) break;
      f.offset += static_cast<std::uint64_t>(n);
      f.partial.append(buf, static_cast<std::size_t>(n));
    }
    std::size_t start = 0;
    for (std::size_t nl; (nl = f.partial.find('\n', start)) != std::string::npos; start = nl + 1)
      take_line(index, std::string_view(f.partial).substr(start, nl - start), lines);
    f.partial.erase(0, start);
  }

  // A line without a timestamp joins the line before it when both came in this tick.
  void take_line(std::size_t index, std::string_view line, std::vector<pending_line>& lines) {
    followed& f = *files_[index];
    if (const auto t = line_time(line)) {
      f.last_time = *t;
      lines.push_back({*t, index, seq_++, std::string(line)});
    } else if (!lines.empty() && lines.back().file == index) {
      lines.back().text.append("\n").append(line);
    } else {
      lines.push_back({f.last_time, index, seq_++, std::string(line)});
    }
  }

  // Closes renamed files that have been quiet for the grace period; an
  // unfinished last line (a cut write) is printed as it is.
  void retire(std::vector<pending_line>& lines) {
    const auto now = clock::now();
    for (std::size_t i = 0; i < files_.size(); ++i) {
      followed& f = *files_[i];
      if (f.draining && now - f.quiet_since >= std::chrono::milliseconds(settings_.grace_ms) && !f.partial.empty()) {
        take_line(i, f.partial, lines);
        f.partial.clear();
      }
    }
    // Erasing shifts indexes: lines keep theirs only for ordering, which stays right.
    std::erase_if(files_, [&](const std::unique_ptr<followed>& f) {
      return f->draining && now - f->quiet_since >= std::chrono::milliseconds(settings_.grace_ms);
    });
  }

  const follow_settings& settings_;
  const query& query_;
  printer& out_;
  std::vector<std::unique_ptr<followed>> files_;
  std::uint64_t seq_ = 0;
};

}  // namespace

void follow(std::vector<followed_folder> folders, const query& q, printer& out, const std::atomic<bool>& stop) {
  if (folders.empty()) return;
  std::vector<std::unique_ptr<follower>> followers;
  for (auto& folder : folders) {
    followers.push_back(std::make_unique<follower>(folder.settings, q, out));
    for (auto& s : folder.starts)
      if (auto file = open_followed(s.path, s.stem, s.point.fd, s.point.offset)) followers.back()->add(std::move(file));
  }
  while (!stop.load(std::memory_order_relaxed)) {
    for (auto& f : followers) f->tick();
    std::this_thread::sleep_for(std::chrono::milliseconds(folders.front().settings.poll_ms));
  }
}

}  // namespace instrukt_ai::logs
