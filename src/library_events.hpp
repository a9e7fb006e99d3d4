// Events the library writes about itself, under the logger "instrukt_ai.logging".
#pragma once

#include <instrukt_ai/logging/event.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace instrukt_ai::logging::detail {

inline constexpr std::string_view internal_logger_name = "instrukt_ai.logging";

// Events the drop policy dropped at a full ring since the last such line.
struct log_events_dropped {
  static constexpr event_info event{"log_events_dropped", level::warning};
  std::uint64_t count;
  std::string_view reason;  // "ring_full"
};

// Written in the place of an event whose record is larger than a whole ring,
// stamped when it was logged. The event was dropped, whatever the policy.
struct log_event_too_large {
  static constexpr event_info event{"log_event_too_large", level::warning};
  std::string_view event_name;
  std::uint64_t record_bytes;
  std::uint64_t ring_bytes;
};

// A scoped_context refused: its record or the thread's depth is over the limit.
struct log_context_refused {
  static constexpr event_info event{"log_context_refused", level::warning};
  std::string_view context;
  std::uint64_t record_bytes;
  std::uint64_t record_limit;
  std::uint64_t depth;
  std::uint64_t depth_limit;
};

// Written once writing works again after failures: the lines that were lost.
struct log_write_failed {
  static constexpr event_info event{"log_write_failed", level::warning};
  std::uint64_t lost;
};

// configure_logging()'s first line: what the process runs with, and where each
// level came from (env, default; the recorder also options), so that the
// levels in force can be seen (instrukt-ai-log-level shows the newest one).
struct logging_configured {
  static constexpr event_info event{"logging_configured", level::info};
  std::string_view version;
  std::int64_t pid;
  std::string_view root;
  std::string_view source;  // the file's name: {root}/{app}/{source}.log
  std::string_view log_level;
  std::string_view log_level_from;
  std::string_view third_party_log_level;
  std::string_view third_party_log_level_from;
  std::optional<std::string_view> third_party_loggers;  // null: no spotlight
  std::optional<std::string_view> muted_loggers;        // null: none
  std::optional<std::string_view> flight_recorder;      // null: off
  std::string_view flight_recorder_from;
};

// The levels in force changed (log_levels.hpp, docs/control.md): the four
// settings now, who changed them, and when they revert by themselves.
struct log_levels_changed {
  static constexpr event_info event{"log_levels_changed", level::info};
  std::string_view log_level;
  std::string_view third_party_log_level;
  std::optional<std::string_view> third_party_loggers;  // the spotlight, when set
  std::optional<std::string_view> muted_loggers;        // when any
  std::optional<std::string_view> flight_recorder;      // its level, when on
  std::string_view source;                              // api, file, expired, reset
  std::optional<std::string_view> expires;              // RFC 3339, UTC
};

// The control file was not applied: who could write it could turn on TRACE.
struct log_levels_file_refused {
  static constexpr event_info event{"log_levels_file_refused", level::warning};
  std::string_view path;
  std::string_view reason;
};

// One line of the control file was not understood; the rest was applied.
struct log_levels_line_ignored {
  static constexpr event_info event{"log_levels_line_ignored", level::warning};
  std::string_view path;
  std::uint64_t line_number;
  std::string_view line;
  std::string_view reason;
};

// The control file had more bad lines than are reported one by one (10 per change).
struct log_levels_lines_ignored {
  static constexpr event_info event{"log_levels_lines_ignored", level::warning};
  std::string_view path;
  std::uint64_t more_lines;  // past the ones reported one by one
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
