// Process-wide set-up and the writer's lifetime.
#pragma once

#include <instrukt_ai/logging/options.hpp>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace instrukt_ai::logging {

// configure_logging() failed: the message says why (path and reason for I/O).
class configuration_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The root configure_logging() uses when options.log_root is empty:
// $INSTRUKT_AI_LOG_ROOT, else /var/log/instrukt-ai. The tools use it too.
std::filesystem::path default_log_root();

// Opens {root}/{app}/{app}.log (creating folders), reads the level variables,
// and starts the writer thread. Call once, at process start; a second call
// throws. Returns the log file's path.
std::filesystem::path configure_logging(std::string_view app, const options& opts = {});

// Returns once every event logged before the call is written to the file
// (handed to the kernel; not fsync'ed). No effect when not configured. Called
// on the writer thread (from an fmt::formatter) it returns at once and
// flushes nothing: the writer would wait for itself.
void flush();

// Asks the writer to close and reopen the log file's path (after an external
// rotation). Async-signal-safe: it only sets a flag, so a SIGHUP handler may
// call it; the writer reopens on its next pass (within flush_interval). The
// writer also notices by itself, within 200 ms, when the path is renamed or
// deleted.
void reopen_log_file() noexcept;

// Flushes, stops the writer and closes the file. Runs by itself at normal
// exit. Later events go to stderr (WARNING and above). Does nothing on the
// writer thread (from an fmt::formatter).
void shutdown();

// Events dropped so far by the drop policy or for being larger than a ring.
std::uint64_t dropped_events() noexcept;

}  // namespace instrukt_ai::logging
