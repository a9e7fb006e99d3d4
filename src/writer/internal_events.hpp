// Events the library writes about itself, under the logger "instrukt_ai.logging".
#pragma once

#include <instrukt_ai/logging/event.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

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

// Written by the fatal-signal handler (fatal_signals.hpp), after what the rings held.
struct fatal_signal {
  static constexpr event_info event{"fatal_signal", level::critical};
  std::string_view signal;                      // "SIGSEGV"
  int signal_number;
  std::optional<std::string_view> fault_address;  // SIGSEGV, SIGBUS, SIGFPE, SIGILL: "0x..."
  std::optional<std::int64_t> sender_pid;         // sent by kill() or raise()
  std::int64_t thread_id;                         // the kernel's id of the thread it hit
};

}  // namespace instrukt_ai::logging::detail
