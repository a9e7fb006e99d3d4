#include "stamp_clock.hpp"

#include <instrukt_ai/logging/detail/ring/stamp.hpp>

#include <time.h>

#include <atomic>
#include <cmath>

namespace instrukt_ai::logging::detail {

namespace {
// The rate the writer's clock measured last, for elapsed_ms_since() on any thread.
std::atomic<double> measured_ns_per_tick{0.0};
}  // namespace

std::int64_t realtime_ns() noexcept {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

stamp_clock::pair stamp_clock::read_pair() noexcept {
  // The tightest of a few brackets of the clock read by two stamps.
  pair best{};
  std::uint64_t best_gap = ~std::uint64_t{0};
  for (int i = 0; i < 5; ++i) {
    const std::uint64_t a = read_stamp();
    const std::int64_t ns = realtime_ns();
    const std::uint64_t b = read_stamp();
    if (b - a < best_gap) {
      best_gap = b - a;
      best = {a + (b - a) / 2, ns};
    }
  }
  return best;
}

void stamp_clock::calibrate(int calibration_ms) {
  if constexpr (!stamp_is_tsc) {
    ns_per_tick_ = 1.0;  // stamps already are CLOCK_REALTIME nanoseconds
    base_stamp_ = 0;
    base_ns_ = 0;
    return;
  }
  origin_ = read_pair();
  pair now = origin_;
  while (now.ns - origin_.ns < std::int64_t{calibration_ms} * 1'000'000) now = read_pair();
  ns_per_tick_ = static_cast<double>(now.ns - origin_.ns) / static_cast<double>(now.stamp - origin_.stamp);
  base_stamp_ = now.stamp;
  base_ns_ = now.ns;
  measured_ns_per_tick.store(ns_per_tick_, std::memory_order_relaxed);
}

void stamp_clock::resync() {
  if constexpr (!stamp_is_tsc) return;
  const pair now = read_pair();
  const double rate =
      now.stamp > origin_.stamp && now.ns > origin_.ns
          ? static_cast<double>(now.ns - origin_.ns) / static_cast<double>(now.stamp - origin_.stamp)
          : 0.0;
  if (rate > ns_per_tick_ * 0.99 && rate < ns_per_tick_ * 1.01)
    ns_per_tick_ = rate;
  else
    origin_ = now;  // the wall clock was stepped: measure the rate afresh from here
  base_stamp_ = now.stamp;
  base_ns_ = now.ns;
  measured_ns_per_tick.store(ns_per_tick_, std::memory_order_relaxed);
}

double elapsed_ms_since(std::uint64_t start) noexcept {
  const std::uint64_t now = read_stamp();
  double rate = measured_ns_per_tick.load(std::memory_order_relaxed);
  if (rate <= 0.0) {  // no writer has measured it yet: once, here (2 ms)
    static const double own = [] {
      stamp_clock c;
      c.calibrate(2);
      return c.ns_per_tick();
    }();
    rate = own;
  }
  const double ms = static_cast<double>(static_cast<std::int64_t>(now - start)) * rate / 1e6;
  return std::round(ms * 1000.0) / 1000.0;
}

}  // namespace instrukt_ai::logging::detail
