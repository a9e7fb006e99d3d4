// The caller's clock read: the TSC on x86-64 (a few ns, converted to wall time
// by the writer), CLOCK_REALTIME nanoseconds elsewhere.
#pragma once

#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#else
#include <time.h>
#endif

namespace instrukt_ai::logging::detail {

#if defined(__x86_64__)
inline constexpr bool stamp_is_tsc = true;
inline std::uint64_t read_stamp() noexcept { return __rdtsc(); }
#else
inline constexpr bool stamp_is_tsc = false;
inline std::uint64_t read_stamp() noexcept {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u + static_cast<std::uint64_t>(ts.tv_nsec);
}
#endif

}  // namespace instrukt_ai::logging::detail
