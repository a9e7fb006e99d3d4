// Settings for configure_logging(); every one has a default.
#pragma once

#include <instrukt_ai/logging/level.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace instrukt_ai::logging {

// What a logging call does when its thread's ring is full.
enum class full_ring_policy {
  block,  // wait for the writer: nothing is lost (default)
  drop,   // drop the event and count it; the writer reports the count
};

struct options {
  // Prefix of the environment variables; default: the app name, upper-case
  // with runs of other characters as '_' ("my-app" -> "MY_APP").
  std::string env_prefix;
  // Folder holding {app}/{app}.log; default: $INSTRUKT_AI_LOG_ROOT, else /var/log/instrukt-ai.
  std::string log_root;
  // One file per process of an app: {root}/{app}/{source}.log, the source
  // normalised like the app's file name ("Cron Job" -> "cron-job"). Default:
  // the app's own file. Levels, loggers and catalogs stay the app's.
  std::string source;
  // Ring bytes per logging thread (rounded up to a power of two, at least 64 KiB).
  std::size_t ring_bytes = std::size_t{1} << 20;
  full_ring_policy on_full_ring = full_ring_policy::block;
  // Longer string values are cut on a UTF-8 boundary and marked "…(truncated)".
  std::size_t max_value_bytes = 4000;
  // How long the writer sleeps when there is nothing to write: the longest a
  // line waits for the file when the process is otherwise idle.
  std::chrono::milliseconds flush_interval{10};

  // The flight recorder (docs/control.md): events from this level up that the
  // file does not take are kept per thread and written before that thread's
  // next ERROR line. Off by default. The environment overrides each of these:
  std::optional<level> flight_recorder;                          // {P}_FLIGHT_RECORDER (a level, or OFF)
  std::size_t flight_recorder_bytes = std::size_t{64} << 10;     // {P}_FLIGHT_RECORDER_BYTES, per thread
  std::chrono::seconds flight_recorder_window{10};               // {P}_FLIGHT_RECORDER_SECONDS
  bool flight_recorder_all_threads = false;                      // {P}_FLIGHT_RECORDER_MODE=all_threads
  // configure_logging's first line, INFO `logging_configured`: the version,
  // pid, root, source and the levels in force with where each came from
  // (configuration.md). Off only where lines are counted (tests).
  bool startup_line = true;
};

}  // namespace instrukt_ai::logging
