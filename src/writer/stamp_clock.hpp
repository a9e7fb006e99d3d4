// Converts the callers' raw stamps (TSC ticks) to Unix nanoseconds. Calibrated
// against CLOCK_REALTIME at start and re-synchronised by the writer every
// second, so wall-clock steps and TSC rate error are followed within a second.
#pragma once

#include <cstdint>

namespace instrukt_ai::logging::detail {

std::int64_t realtime_ns() noexcept;

class stamp_clock {
 public:
  // Measures the TSC rate over about `calibration_ms` (busy, on the caller).
  void calibrate(int calibration_ms = 5);
  // Moves the base to now, refining the rate from the span since calibration.
  void resync();
  std::int64_t to_unix_ns(std::uint64_t stamp) const noexcept {
    return base_ns_ + static_cast<std::int64_t>(static_cast<double>(static_cast<std::int64_t>(stamp - base_stamp_)) *
                                                ns_per_tick_);
  }
  double ns_per_tick() const noexcept { return ns_per_tick_; }

 private:
  struct pair {
    std::uint64_t stamp;
    std::int64_t ns;
  };
  static pair read_pair() noexcept;

  pair origin_{};
  std::uint64_t base_stamp_ = 0;
  std::int64_t base_ns_ = 0;
  double ns_per_tick_ = 1.0;
};

}  // namespace instrukt_ai::logging::detail
