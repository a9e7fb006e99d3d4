#include "rsyslog_link.hpp"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace instrukt_ai::ship {

bool rsyslog_link::connect() {
  close();
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  const auto& p = path_.native();
  if (p.size() >= sizeof a.sun_path) {
    error_ = path_.string() + ": longer than a socket path may be (" + std::to_string(sizeof a.sun_path - 1) + " bytes)";
    return false;
  }
  std::memcpy(a.sun_path, p.c_str(), p.size() + 1);
  fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    error_ = path_.string() + ": " + std::strerror(errno);
    close();
    return false;
  }
  timeval wait{0, 500000};
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
  int size = 0;
  socklen_t len = sizeof size;
  ::getsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &size, &len);
  buffer_bytes_ = static_cast<std::uint64_t>(size);
  return true;
}

std::uint64_t rsyslog_link::send(std::string_view message, const std::atomic<bool>& stop) {
  char prefix[24];
  auto* end = std::to_chars(prefix, prefix + sizeof prefix - 1, message.size()).ptr;
  *end++ = ' ';
  iovec parts[2] = {{prefix, static_cast<std::size_t>(end - prefix)},
                    {const_cast<char*>(message.data()), message.size()}};
  const std::uint64_t total = parts[0].iov_len + parts[1].iov_len;
  std::uint64_t written = 0;
  int first = 0;
  while (written < total) {
    msghdr m{};
    m.msg_iov = parts + first;
    m.msg_iovlen = 2 - static_cast<std::size_t>(first);
    const auto n = ::sendmsg(fd_, &m, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if ((errno == EAGAIN || errno == EWOULDBLOCK) && !stop.load(std::memory_order_relaxed)) continue;
      error_ = stop ? "stopped while sending" : path_.string() + ": " + std::strerror(errno);
      close();
      return 0;
    }
    written += static_cast<std::uint64_t>(n);
    for (auto left = static_cast<std::size_t>(n); left > 0 && first < 2;) {
      const auto take = std::min(left, parts[first].iov_len);
      parts[first].iov_base = static_cast<char*>(parts[first].iov_base) + take;
      parts[first].iov_len -= take;
      left -= take;
      if (parts[first].iov_len == 0) ++first;
    }
  }
  return total;
}

void rsyslog_link::close() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace instrukt_ai::ship
