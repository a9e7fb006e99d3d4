#include "file_sink.hpp"
#include "write_all.hpp"

#include <instrukt_ai/logging/configure.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <string>
#include <system_error>
#include <unistd.h>

namespace instrukt_ai::logging::detail {

std::unique_ptr<file_sink> file_sink::open(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec)
    throw configuration_error("instrukt_ai::logging: cannot create log folder '" + path.parent_path().string() +
                              "': " + ec.message());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    throw configuration_error("instrukt_ai::logging: cannot open log file '" + path.string() +
                              "': " + std::strerror(errno));
  return std::unique_ptr<file_sink>(new file_sink(path, fd));
}

file_sink::file_sink(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {
  remember_identity();
  watch_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (watch_fd_ >= 0 &&
      ::inotify_add_watch(watch_fd_, path_.parent_path().c_str(), IN_MOVED_FROM | IN_DELETE | IN_MOVE_SELF | IN_DELETE_SELF) < 0) {
    ::close(watch_fd_);
    watch_fd_ = -1;
  }
}

file_sink::~file_sink() {
  close();
  if (watch_fd_ >= 0) ::close(watch_fd_);
}

bool file_sink::path_moved() noexcept {
  if (watch_fd_ < 0) return false;
  alignas(inotify_event) char buf[4096];
  const std::string name = path_.filename().string();
  bool moved = false;
  while (true) {
    const ssize_t n = ::read(watch_fd_, buf, sizeof buf);
    if (n <= 0) return moved;  // EAGAIN: nothing more
    for (std::size_t at = 0; at < static_cast<std::size_t>(n);) {
      const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
      // Our name left the folder, the folder itself moved, or events were lost: check.
      if ((e->len > 0 && name == e->name) || (e->mask & (IN_MOVE_SELF | IN_DELETE_SELF | IN_Q_OVERFLOW)) != 0)
        moved = true;
      at += sizeof(inotify_event) + e->len;
    }
  }
}

void file_sink::remember_identity() noexcept {
  struct stat st {};
  const int fd = fd_.load(std::memory_order_relaxed);
  if (fd >= 0 && ::fstat(fd, &st) == 0) {
    device_ = static_cast<std::uint64_t>(st.st_dev);
    inode_ = static_cast<std::uint64_t>(st.st_ino);
  }
}

bool file_sink::reopen_if_moved(bool force) noexcept {
  if (fd_.load(std::memory_order_relaxed) < 0) return false;
  struct stat st {};
  const bool same = ::stat(path_.c_str(), &st) == 0 && static_cast<std::uint64_t>(st.st_dev) == device_ &&
                    static_cast<std::uint64_t>(st.st_ino) == inode_;
  if (same && !force) return false;
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (!reopen_reported_) {
      reopen_reported_ = true;
      std::fprintf(stderr, "instrukt_ai::logging: cannot reopen log file '%s' after rotation: %s (errno %d); "
                   "still writing to the old file\n", path_.c_str(), std::strerror(errno), errno);
    }
    return false;
  }
  ::close(fd_.exchange(fd, std::memory_order_relaxed));
  reopen_reported_ = false;
  remember_identity();
  return true;
}

void file_sink::close() noexcept {
  const int fd = fd_.exchange(-1, std::memory_order_relaxed);
  if (fd >= 0) ::close(fd);
}

void file_sink::write_racing(std::string_view data) const noexcept {
  const int fd = fd_.load(std::memory_order_relaxed);
  if (fd < 0) return;
  [[maybe_unused]] const ssize_t n = ::write(fd, data.data(), data.size());
}

bool file_sink::write(std::string_view data, bool report_failure) noexcept {
  if (data.empty()) return true;
  if (cut_line_) {  // a cut line could not be taken back: mark it before anything else is written
    static constexpr char marker[] = {' ', '"', '<', 'c', 'u', 't', '>', '"', '\n'};
    static_assert(std::string_view(marker, sizeof marker - 1) == logfmt::cut_line_marker);
    std::string_view end(marker, sizeof marker);
    if (!write_all(end)) {
      drop(data, report_failure);
      return false;
    }
    cut_line_ = false;
  }
  std::string_view rest = data;
  if (write_all(rest)) {
    reported_ = false;  // the next failure starts a new run: report it
    return true;
  }
  const std::size_t written = data.size() - rest.size();
  if (written > 0 && data[written - 1] != '\n') {
    // The file ends inside a line, which may look whole with a wrong last
    // value: take its bytes back, so the file holds whole lines only. Where
    // that fails, the next write marks it.
    const int error = errno;
    const std::size_t line_start = data.substr(0, written).rfind('\n') + 1;  // npos + 1 == 0
    if (!take_back(written - line_start)) cut_line_ = true;
    rest = data.substr(line_start);  // the cut line is lost, and counted so
    errno = error;
  }
  drop(rest, report_failure);
  return false;
}

bool file_sink::take_back(std::size_t bytes) noexcept {
  const int fd = fd_.load(std::memory_order_relaxed);
  const off_t end = fd >= 0 ? ::lseek(fd, 0, SEEK_CUR) : -1;  // O_APPEND: just past what was written
  return end >= static_cast<off_t>(bytes) && ::ftruncate(fd, end - static_cast<off_t>(bytes)) == 0;
}

bool file_sink::write_all(std::string_view& data) noexcept {
  if (data.empty()) return true;
  const int fd = fd_.load(std::memory_order_relaxed);
  if (fd < 0) {
    errno = EBADF;
    return false;
  }
  return detail::write_all(fd, data);
}

void file_sink::drop(std::string_view unwritten, bool report) noexcept {
  const int error = errno;
  if (report && !reported_) {
    reported_ = true;
    std::fprintf(stderr, "instrukt_ai::logging: cannot write log file '%s': %s (errno %d); counting lost lines\n",
                 path_.c_str(), std::strerror(error), error);
  }
  lost_lines_ += static_cast<std::uint64_t>(std::count(unwritten.begin(), unwritten.end(), '\n'));
}

}  // namespace instrukt_ai::logging::detail
