// Small async-signal-safe helpers shared by the fatal-signal handler and the
// writer's hand-over to it: system calls only.
#pragma once

#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>

namespace instrukt_ai::logging::detail::signal_safe {

// The kernel's id of the calling thread.
inline long thread_id() noexcept { return static_cast<long>(::syscall(SYS_gettid)); }

inline std::int64_t monotonic_ms() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1'000'000;
}

// Sleeps 0.2 ms: the poll step of every wait in the hand-over.
inline void nap() noexcept {
  const timespec ts{0, 200'000};
  ::nanosleep(&ts, nullptr);
}

}  // namespace instrukt_ai::logging::detail::signal_safe
