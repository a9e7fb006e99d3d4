// Declaring an event: a plain aggregate whose name and level are part of its type.
//
//   struct JobStarted {
//     static constexpr ial::event_info event{"job_started", ial::level::info};
//     std::uint64_t job_id;
//     std::string_view user_id;
//   };
//
// Field names become logfmt keys, in declaration order.
#pragma once

#include <instrukt_ai/logging/detail/event/naming_rules.hpp>
#include <instrukt_ai/logging/level.hpp>

#include <string_view>
#include <type_traits>

namespace instrukt_ai::logging {

namespace detail {
// Not constexpr on purpose: calling it during constant evaluation is the error,
// and its name is the message.
void event_name_must_be_snake_case_like_job_started();
void event_level_must_be_trace_debug_info_warning_error_or_critical();
}  // namespace detail

// An event's identity: its `msg=` value and its level.
struct event_info {
  std::string_view name;
  level severity;
  bool is_operation = false;  // declared with operation_info

  consteval event_info(std::string_view event_name, level event_level)
      : name(event_name), severity(event_level) {
    if (!detail::is_snake_case(event_name)) detail::event_name_must_be_snake_case_like_job_started();
    if (event_level >= level::off) detail::event_level_must_be_trace_debug_info_warning_error_or_critical();
  }
};

// An operation's event: one line when the operation ends, at DEBUG with
// duration_ms, or at WARNING/ERROR with outcome=failed (logger::operation).
//   static constexpr ial::operation_info event{"job_processed"};
struct operation_info : event_info {
  consteval explicit operation_info(std::string_view event_name) : event_info(event_name, level::debug) {
    is_operation = true;
  }
};

// A type that declares `static constexpr event_info event{...}`. The full rules
// (field types, keys, layout) are checked with readable errors when it is logged.
template <class E>
concept event = requires {
  { E::event } -> std::convertible_to<const event_info&>;
};

}  // namespace instrukt_ai::logging
