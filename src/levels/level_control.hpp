// The levels in force: the environment's, or a change made at run time by
// set_log_levels() or the control file (control_file.hpp), until it expires
// or is reset. The latest change wins. Each change is one log_levels_changed
// line, written before the loggers see the new levels.
#pragma once

#include "level_policy.hpp"

#include "../library_events.hpp"

#include <instrukt_ai/logging/log_levels.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace instrukt_ai::logging::detail {

// The text of one log_levels_changed line.
struct levels_change {
  std::string log_level, third_party_log_level;
  std::optional<std::string> third_party_loggers, muted_loggers, flight_recorder, expires;
  std::string_view source;
  log_levels_changed event() const;
};

class level_control {
 public:
  static level_control& instance();

  // configure_logging(): the environment's levels, in force now.
  void start(const level_policy& env, std::uint64_t internal_logger_bits);
  // shutdown(), and a forked child before it configures again; the caller holds mutex().
  void stop() noexcept;

  // set_log_levels(), reset_log_levels(): the line goes into the calling
  // thread's ring, then the loggers get the levels. Throw configuration_error
  // when not started, or for an expiry not in the future.
  void set_from_api(const log_levels& levels);
  void reset_from_api();

  // The writer's side. `out` is the line to write when a change was made;
  // busy: an API call holds the levels now (the writer never waits for one:
  // that call may be waiting for room the writer makes), ask again later.
  enum class outcome { changed, unchanged, busy };
  // The control file says `levels` (null: it was deleted, or it has expired,
  // `expired`); a deleted or expired file reverts only the levels it set.
  outcome from_file(const log_levels* levels, bool expired, levels_change& out);
  outcome expire_if_due(std::int64_t now_us, levels_change& out);

  std::mutex& mutex() noexcept { return mutex_; }  // held across fork()

 private:
  enum class owner { environment, api, file };
  struct prepared {
    level_policy policy;
    levels_change line;
  };
  // The environment's levels with `levels` over them (null: none); records who set them and until when.
  prepared prepare_locked(const log_levels* levels, std::string_view source, owner by);

  std::mutex mutex_;
  bool started_ = false;
  level_policy env_;
  std::uint64_t internal_logger_bits_ = 0;
  owner owner_ = owner::environment;
  std::optional<std::int64_t> expires_us_;
};

}  // namespace instrukt_ai::logging::detail
