// Loggers: cheap, copyable handles that turn events into records.
//
//   auto log = ial::get_logger("myapp.worker");
//   log.log(JobStarted{.job_id = 42, .user_id = "u-7"});
#pragma once

#include <instrukt_ai/logging/detail/event/event_checks.hpp>
#include <instrukt_ai/logging/detail/ring/producer.hpp>
#include <instrukt_ai/logging/event.hpp>
#include <instrukt_ai/logging/level.hpp>

#include <atomic>
#include <cstdint>
#include <string_view>

namespace instrukt_ai::logging {

namespace detail {
// The part of a logger's state the hot path reads; the rest lives in the registry.
struct logger_core {
  std::atomic<level> threshold{level::warning};
  std::uint64_t tag_bits = 0;  // logger id, already shifted into the record tag
};
}  // namespace detail

class logger {
 public:
  // Logs one event. When its level is disabled for this logger, this is one
  // load and one branch; below INSTRUKT_AI_LOGGING_MIN_LEVEL it is nothing.
  template <class Event>
  void log(const Event& e) const {
    static_assert(detail::valid_event<Event>, "see the error above: the event type breaks a rule");
    if constexpr (detail::valid_event<Event> && Event::event.severity >= compile_time_min_level) {
      if (Event::event.severity >= core_->threshold.load(std::memory_order_relaxed))
        detail::emit(detail::record_tag<Event>(core_->tag_bits), e);
    }
  }

  bool enabled(level l) const noexcept {
    return l >= compile_time_min_level && l >= core_->threshold.load(std::memory_order_relaxed);
  }
  // The level this logger lets through, as the environment set it.
  level threshold() const noexcept { return core_->threshold.load(std::memory_order_relaxed); }
  std::string_view name() const noexcept;

 private:
  friend logger get_logger(std::string_view name);
  explicit logger(detail::logger_core* core) noexcept : core_(core) {}
  detail::logger_core* core_;
};

// The logger with this name (created on first use; names are dotted, like
// "myapp.worker"). Loggers live until the process ends; at most 65535 names.
logger get_logger(std::string_view name);

}  // namespace instrukt_ai::logging
