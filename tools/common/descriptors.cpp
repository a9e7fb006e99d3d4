#include "descriptors.hpp"

#include <sys/resource.h>

namespace instrukt_ai::tools {

std::size_t raise_descriptor_limit() noexcept {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return 0;
  if (r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &r);
    ::getrlimit(RLIMIT_NOFILE, &r);
  }
  return r.rlim_cur == RLIM_INFINITY ? unlimited_descriptors : static_cast<std::size_t>(r.rlim_cur);
}

}  // namespace instrukt_ai::tools
