// Events the library writes about itself, under the logger "instrukt_ai.logging".
#pragma once

#include <instrukt_ai/logging/event.hpp>

#include <cstdint>

namespace instrukt_ai::logging::detail {

inline constexpr std::string_view internal_logger_name = "instrukt_ai.logging";

struct log_events_dropped {
  static constexpr event_info event{"log_events_dropped", level::warning};
  std::uint64_t count;
};

// Written once writing works again after failures: the lines that were lost.
struct log_write_failed {
  static constexpr event_info event{"log_write_failed", level::warning};
  std::uint64_t lost;
};

}  // namespace instrukt_ai::logging::detail
