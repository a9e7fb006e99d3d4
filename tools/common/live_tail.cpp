#include "live_tail.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace fs = std::filesystem;

namespace instrukt_ai::tools {

using clock = std::chrono::steady_clock;

struct live_tail::followed {
  fs::path path;
  std::string stem;
  std::uint64_t id = 0;
  int fd = -1;
  dev_t dev = 0;
  ino_t ino = 0;
  std::uint64_t offset = 0;
  std::string partial;              // an incomplete last line
  bool draining = false;            // renamed away; its successor is followed
  clock::time_point quiet_since{};  // draining: since it last grew (or was replaced)

  ~followed() {
    if (fd >= 0) ::close(fd);
  }
};

live_tail::live_tail(tail_settings settings) : settings_(std::move(settings)) {}
live_tail::~live_tail() = default;

void live_tail::add(const fs::path& path, const std::string& stem, int fd, std::uint64_t offset, bool symlink) {
  if (fd < 0) fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (symlink ? 0 : O_NOFOLLOW));
  if (fd < 0) {
    if (!settings_.tool.empty())
      std::fprintf(stderr, "%s: cannot follow %s: %s%s\n", settings_.tool.c_str(), path.c_str(), std::strerror(errno),
                   errno == EMFILE ? " (raise the limit: ulimit -n)" : "");
    return;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return;
  }
  auto f = std::make_unique<followed>();
  f->path = path;
  f->stem = stem;
  f->id = next_id_++;
  f->fd = fd;
  f->dev = st.st_dev;
  f->ino = st.st_ino;
  f->offset = offset == end_offset ? static_cast<std::uint64_t>(st.st_size) : offset;
  files_.push_back(std::move(f));
}

void live_tail::add_all_at_end() {
  for (const auto& f : logs::list_log_files(settings_.folder, settings_.listing).files)
    if (f.live && !current(f.stem)) add(f.path, f.stem, -1, end_offset, f.symlink);
}

live_tail::followed* live_tail::current(const std::string& stem) {
  for (auto& f : files_)
    if (!f->draining && f->stem == stem) return f.get();
  return nullptr;
}

// New live files, and live files whose path now names another file (rotation).
void live_tail::discover() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(settings_.folder, ec)) {
    logs::log_file lf;
    std::string notice;
    if (!logs::readable_entry(settings_.folder, entry.path().filename().string(), settings_.listing, lf, notice) ||
        !lf.live)
      continue;
    struct stat st;
    if (::stat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    followed* now = current(lf.stem);
    if (now && now->dev == st.st_dev && now->ino == st.st_ino) continue;
    if (now) {  // renamed away: read on until it has been quiet for the grace period
      now->draining = true;
      now->quiet_since = clock::now();
    }
    add(entry.path(), lf.stem, -1, 0, lf.symlink);
  }
}

void live_tail::read(const line_handler& line) {
  discover();
  for (std::size_t i = 0; i < files_.size(); ++i) read_file(i, line);
  retire(line);
}

void live_tail::read_file(std::size_t index, const line_handler& line) {
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
    if (!settings_.tool.empty())
      std::fprintf(stderr, "%s: %s was truncated; reading it from its start\n", settings_.tool.c_str(), f.path.c_str());
    f.offset = 0;
    f.partial.clear();
  }
  if (size == f.offset) return;
  if (f.draining) f.quiet_since = clock::now();
  char buf[1 << 16];
  while (f.offset < size) {
    const ssize_t n =
        ::pread(f.fd, buf, std::min<std::uint64_t>(sizeof buf, size - f.offset), static_cast<off_t>(f.offset));
    if (n <= 0) break;
    f.offset += static_cast<std::uint64_t>(n);
    f.partial.append(buf, static_cast<std::size_t>(n));
  }
  std::size_t start = 0;
  for (std::size_t nl; (nl = f.partial.find('\n', start)) != std::string::npos; start = nl + 1)
    line(f.id, std::string_view(f.partial).substr(start, nl - start));
  f.partial.erase(0, start);
}

void live_tail::retire(const line_handler& line) {
  const auto now = clock::now();
  const auto quiet = [&](const followed& f) { return f.draining && now - f.quiet_since >= settings_.grace; };
  for (auto& file : files_) {
    followed& f = *file;
    if (quiet(f) && !f.partial.empty()) {
      line(f.id, f.partial);
      f.partial.clear();
    }
  }
  std::erase_if(files_, [&](const std::unique_ptr<followed>& f) { return quiet(*f); });
}

}  // namespace instrukt_ai::tools
