#include "central_tree.hpp"

#include "sink/write_all.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace instrukt_ai::central {

namespace {

std::string why(int error, const std::string& what) {
  if (error == ELOOP) return what + " is a symlink: refused (nothing below the central folder is opened through one)";
  if (error == ENOTDIR) return what + " is not a folder (a file or a symlink stands where a folder should be)";
  return what + ": " + std::strerror(error);
}

}  // namespace

int central_tree::folder(int parent, const std::string& name, bool make, opened& out) const {
  if (make && ::mkdirat(parent, name.c_str(), 0750) != 0 && errno != EEXIST) {
    out.error = errno;
    out.reason = why(errno, name);
    return -1;
  }
  const int fd = ::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    out.error = errno;
    struct stat st {};  // O_DIRECTORY says ENOTDIR for a symlink: say which it is
    if (errno == ENOTDIR && ::fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
      out.error = ELOOP;
    out.reason = why(out.error, name);
  }
  return fd;
}

opened central_tree::open(std::string_view host, std::string_view app, std::string_view name, int flags,
                          mode_t mode) const {
  opened out;
  const bool make = (flags & O_CREAT) != 0;
  const std::string h(host), a(app), n(name);
  const int host_fd = folder(root_, h, make, out);
  if (host_fd < 0) return out;
  const int app_fd = folder(host_fd, a, make, out);
  ::close(host_fd);
  if (app_fd < 0) {
    out.reason = h + "/" + out.reason;
    return out;
  }
  const int fd = ::openat(app_fd, n.c_str(), flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode);
  const int error = errno;
  ::close(app_fd);
  const std::string path = h + "/" + a + "/" + n;
  if (fd < 0) {
    out.error = error;
    out.reason = why(error, path);
    return out;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    out.error = EINVAL;
    out.reason = path + " is not a regular file (a FIFO, a device or a socket): refused";
    return out;
  }
  // Back to blocking writes for a regular file (O_NONBLOCK only kept a FIFO from stalling the open).
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  out.fd = fd;
  return out;
}

bool central_tree::is_same(std::string_view host, std::string_view app, std::string_view name, dev_t dev,
                           ino_t ino) const {
  opened ignored;
  const int host_fd = folder(root_, std::string(host), false, ignored);
  if (host_fd < 0) return false;
  const int app_fd = folder(host_fd, std::string(app), false, ignored);
  ::close(host_fd);
  if (app_fd < 0) return false;
  struct stat st {};
  const bool same = ::fstatat(app_fd, std::string(name).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                    S_ISREG(st.st_mode) && st.st_dev == dev && st.st_ino == ino;
  ::close(app_fd);
  return same;
}

read_result read_small(const central_tree& tree, std::string_view host, std::string_view app, std::string_view name,
                       std::size_t limit) {
  read_result r;
  const auto o = tree.open(host, app, name, O_RDONLY);
  if (!o) {
    if (o.error != ENOENT) r.error = o.error, r.reason = o.reason;
    return r;
  }
  char buf[8192];
  for (ssize_t n; (n = ::read(o.fd, buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || r.text.size() + static_cast<std::size_t>(n) > limit) {
      r.error = n < 0 ? errno : EFBIG;
      r.reason = std::string(host) + "/" + std::string(app) + "/" + std::string(name) +
                 (n < 0 ? std::string(": ") + std::strerror(errno) : ": larger than expected");
      r.text.clear();
      break;
    }
    r.text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(o.fd);
  return r;
}

bool write_all(int fd, std::string& bytes) {
  std::string_view rest = bytes;
  const bool all = logging::detail::write_all(fd, rest);
  const int error = all ? 0 : errno;
  bytes.erase(0, bytes.size() - rest.size());
  errno = error;
  return all;
}

}  // namespace instrukt_ai::central
