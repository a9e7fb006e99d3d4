#include "write_all.hpp"

#include <cerrno>
#include <unistd.h>

namespace instrukt_ai::logging::detail {

bool write_all(int fd, std::string_view& data) noexcept {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) errno = EIO;
    return false;
  }
  return true;
}

}  // namespace instrukt_ai::logging::detail
