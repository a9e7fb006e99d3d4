// Aggregation: an event counted (and its numeric fields summed) on the calling
// thread; the writer writes one line per interval, and a last one at shutdown.
//
//   struct HeartbeatSent {
//     static constexpr ial::event_info event{"heartbeat_sent", ial::level::info};
//     static constexpr ial::aggregate_info aggregate{std::chrono::seconds(60)};
//     std::uint64_t bytes;
//     std::chrono::microseconds took;
//   };
//   log.log(HeartbeatSent{512, 80us});   // no line now
//   // every 60 s: ... msg=heartbeat_sent count=600 interval_s=60 bytes=307200 took=48000us
//
// Fields must be numbers or durations (summed as 64-bit integers, or doubles).
// Counts are per event type and logger. The last line, written at shutdown,
// gives the seconds since the previous one. An event counted at the very
// moment its interval ends may be summed into the next interval.
#pragma once

#include <chrono>

namespace instrukt_ai::logging {

namespace detail {
void aggregate_interval_must_be_at_least_1_ms();
}  // namespace detail

struct aggregate_info {
  std::chrono::milliseconds every;

  consteval explicit aggregate_info(std::chrono::milliseconds interval) : every(interval) {
    if (every.count() <= 0) detail::aggregate_interval_must_be_at_least_1_ms();
  }
};

}  // namespace instrukt_ai::logging
