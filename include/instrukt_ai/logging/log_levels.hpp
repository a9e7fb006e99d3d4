// Levels in a running service: the environment's four settings, changed at
// run time for every logger, existing and future.
//
//   ial::set_log_levels({.ours = ial::level::debug,
//                        .expires = std::chrono::system_clock::now() + std::chrono::minutes(15)});
//   ...
//   ial::reset_log_levels();  // the environment's levels again
//
// Operators do the same without code through the control file next to the
// log, {root}/{app}/{app}.levels, or `instrukt-ai-log-level` (docs/control.md).
// Every change writes one INFO line, msg=log_levels_changed, with the levels
// now in force and its source (api, file, expired, reset).
#pragma once

#include <instrukt_ai/logging/level.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace instrukt_ai::logging {

// A setting left empty keeps the environment's value.
struct log_levels {
  std::optional<level> ours;                      // {P}_LOG_LEVEL
  std::optional<level> third_party;               // {P}_THIRD_PARTY_LOG_LEVEL
  std::optional<std::string> third_party_loggers;  // {P}_THIRD_PARTY_LOGGERS: the spotlight, comma-separated prefixes
  std::optional<std::string> muted_loggers;        // {P}_MUTED_LOGGERS: comma-separated prefixes
  // {P}_FLIGHT_RECORDER: events from this level up that the file does not
  // take are kept for the thread's next error (docs/control.md); level::off: off.
  std::optional<level> flight_recorder;
  // When set, the environment's levels come back by themselves at this time
  // (within a second; source=expired). It must be in the future.
  std::optional<std::chrono::system_clock::time_point> expires;
};

// Applies the levels to every logger: a logging call on any thread that starts
// after this returns sees them. The hot path is unchanged (one load, one
// branch). The latest change wins, whether it came from here or from the
// control file. Throws configuration_error when logging is not configured, or
// when `expires` is not in the future.
void set_log_levels(const log_levels& levels);

// The environment's levels again (source=reset), whatever set them.
void reset_log_levels();

}  // namespace instrukt_ai::logging
