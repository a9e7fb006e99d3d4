// The caller's clock read: the TSC on x86-64 (a few ns, converted to wall time
// by the writer), CLOCK_REALTIME nanoseconds elsewhere.
#pragma once

#include <cstdint>

#if !defined(__x86_64__)
#include <time.h>
#endif

namespace instrukt_ai::logging::detail {

#if defined(__x86_64__)
inline constexpr bool stamp_is_tsc = true;
// The builtin __rdtsc() wraps: <x86intrin.h> would add every x86 intrinsic
// header to each including file (a third of a second, about 90 MB, with GCC 12).
inline std::uint64_t read_stamp() noexcept { return __builtin_ia32_rdtsc(); }
#else
inline constexpr bool stamp_is_tsc = false;
inline std::uint64_t read_stamp() noexcept {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u + static_cast<std::uint64_t>(ts.tv_nsec);
}
#endif

// Milliseconds from `start` (a read_stamp()) to now, to the microsecond: the
// TSC's rate as the writer measured it (or, before configure_logging, as
// measured once here). Out of line: only an operation's end pays for it.
double elapsed_ms_since(std::uint64_t start) noexcept;

}  // namespace instrukt_ai::logging::detail
