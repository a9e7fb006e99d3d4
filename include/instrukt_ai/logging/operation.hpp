// One line per operation, with its duration (the guide's start/end pairs).
//
//   struct JobProcessed {
//     static constexpr ial::operation_info event{"job_processed"};
//     std::uint64_t job_id;
//     std::uint32_t items;   // filled in during the operation
//   };
//   {
//     auto op = log.operation(JobProcessed{.job_id = 42});
//     op->items = process();
//   }   // DEBUG ... msg=job_processed job_id=42 items=3 duration_ms=12.345
//
// Outcomes, written when the operation object is destroyed:
//   success               DEBUG    duration_ms=...
//   op.fail("reason")     WARNING  duration_ms=... outcome=failed error=reason
//   op.fail(exception)    ERROR    duration_ms=... outcome=failed error="<type>: <what>"
//   left by an exception  ERROR    duration_ms=... outcome=failed error=exception
// With ial::with_start_line, a TRACE line `... phase=start` comes first.
// The start reads the TSC (a few instructions), so that every failure says how
// long it took; when DEBUG is off for the logger, success writes nothing.
#pragma once

#include <instrukt_ai/logging/detail/event/extras.hpp>
#include <instrukt_ai/logging/detail/ring/stamp.hpp>
#include <instrukt_ai/logging/exception_text.hpp>
#include <instrukt_ai/logging/level.hpp>

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

namespace instrukt_ai::logging {

struct with_start_line_t {};
inline constexpr with_start_line_t with_start_line{};

template <class Logger, class Event>
class timed_operation {
 public:
  timed_operation(const Logger& log, Event e, bool start_line)
      : log_(log), event_(std::move(e)), timed_(log.enabled(level::debug)),
        uncaught_(std::uncaught_exceptions()) {
    if (start_line && log_.enabled(level::trace))
      log_.template log_extended<level::trace>(event_, detail::operation_start_extra{"start"});
    start_ = detail::read_stamp();
  }
  timed_operation(const timed_operation&) = delete;
  timed_operation& operator=(const timed_operation&) = delete;

  ~timed_operation() {
    try {
      finish();
    } catch (...) {  // a destructor must not throw; the line is lost
    }
  }

  // The event, to fill in fields known only at the end.
  Event& event() noexcept { return event_; }
  Event* operator->() noexcept { return &event_; }

  // Marks the operation failed: WARNING with the reason.
  void fail(std::string_view reason) { set_failure(level::warning, std::string(reason)); }
  // Marks it failed by an exception: ERROR with the exception's text.
  void fail(const std::exception& e) { set_failure(level::error, describe_exception(e)); }
  void fail(const std::exception_ptr& e) { set_failure(level::error, describe_exception(e)); }

 private:
  void set_failure(level l, std::string error) {
    failure_ = l;
    error_ = std::move(error);
  }

  double elapsed_ms() const { return detail::elapsed_ms_since(start_); }

  template <level L>
  void write_failure() {
    log_.template log_extended<L>(event_, detail::operation_failed_extra{elapsed_ms(), "failed", error_});
  }

  void finish() {
    if (failure_ == level::off && std::uncaught_exceptions() > uncaught_) set_failure(level::error, "exception");
    if (failure_ == level::warning) return write_failure<level::warning>();
    if (failure_ == level::error) return write_failure<level::error>();
    if (timed_) log_.template log_extended<level::debug>(event_, detail::operation_done_extra{elapsed_ms()});
  }

  Logger log_;
  Event event_;
  bool timed_;
  int uncaught_;
  level failure_ = level::off;
  std::uint64_t start_ = 0;  // read_stamp() at the start
  std::string error_;
};

}  // namespace instrukt_ai::logging
