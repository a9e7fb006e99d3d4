// Loggers: cheap, copyable handles that turn events into records.
//
//   auto log = ial::get_logger("myapp.worker");
//   log.log(JobStarted{.job_id = 42, .user_id = "u-7"});
#pragma once

#include <instrukt_ai/logging/detail/event/event_checks.hpp>
#include <instrukt_ai/logging/detail/event/aggregate_cell.hpp>
#include <instrukt_ai/logging/detail/event/declared_event.hpp>
#include <instrukt_ai/logging/detail/event/extras.hpp>
#include <instrukt_ai/logging/detail/event/record_source.hpp>
#include <instrukt_ai/logging/detail/event/throttle_state.hpp>
#include <instrukt_ai/logging/detail/event/tie.hpp>
#include <instrukt_ai/logging/detail/ring/producer.hpp>
#include <instrukt_ai/logging/event.hpp>
#include <instrukt_ai/logging/exception_text.hpp>
#include <instrukt_ai/logging/level.hpp>
#include <instrukt_ai/logging/message.hpp>
#include <instrukt_ai/logging/operation.hpp>

#include <atomic>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace instrukt_ai::logging {

namespace detail {
// The part of a logger's state the hot path reads; the rest lives in the registry.
struct logger_core {
  // Per level, what a call at that level does, in one word: enabled_bit when
  // it is logged at all, recorded_bit when only the flight recorder keeps it
  // (flight_recorder.hpp), and the logger's id, ready for the record tag. One
  // load decides a call, so a change of levels is never seen half-made.
  std::atomic<std::uint64_t> tag_for[6]{};
  std::uint64_t tag_bits = 0;                  // logger id, already shifted into the record tag
  std::atomic<level> written{level::warning};  // the lowest level written to the file
};

// A plain event's record: its fields, tied straight from its class (tie.hpp),
// through the encoder its field types share (event_codec.hpp). Fixed-size
// fields (numbers, enums, durations) are copied inline, a few moves; a string
// goes out of line, since the string code (sizes, the cut at max_value_bytes)
// is what made every call site compile slowly. Either instance is shared by
// every event type with the same field types: an event type adds only its tag.
template <class Encoder, class... Ref, std::size_t... I>
[[gnu::always_inline]] inline void emit_tied(std::uint64_t tag, const field_refs<Ref...>& fields,
                                             std::index_sequence<I...>) {
  if constexpr (Encoder::fixed)
    emit_inline<Encoder>(tag, detail::get<I>(fields)...);
  else
    emit_out_of_line<Encoder, field_param<std::remove_cvref_t<Ref>>...>(tag, detail::get<I>(fields)...);
}

// A record built from a whole value (record_source.hpp), copied inline.
template <class R>
[[gnu::always_inline]] inline void emit_whole(std::uint64_t tag, const R& r) {
  emit_inline<record_source<R>>(tag, r);
}
}  // namespace detail

class logger {
 public:
  // Logs one event. When its level is disabled for this logger, this is one
  // load and one branch; below INSTRUKT_AI_LOGGING_MIN_LEVEL it is nothing.
  template <class Event>
  void log(const Event& e) const {
    if constexpr (detail::declared_elsewhere<Event>) {
      // Checked and described in the catalog's generated TU (declared_event.hpp).
      if constexpr (Event::event.severity >= compile_time_min_level) {
        const std::uint64_t tag = tag_for(Event::event.severity);
        if (tag & detail::enabled_bit) {
          using encoder = detail::declared_encoder<Event>;
          const std::uint64_t tagged = detail::descriptor_tag(&detail::event_descriptor<Event>::value, tag);
          if constexpr (encoder::fixed)
            detail::emit_tied<encoder>(tagged, detail::tie_of_size<detail::field_count<Event>>::tie(e),
                                       std::make_index_sequence<detail::field_count<Event>>{});
          else
            detail::struct_fields<detail::field_tuple<Event>>::template emit<encoder>(
                tagged, reinterpret_cast<const std::byte*>(&e));
        }
      }
    } else {
      static_assert(detail::valid_event<Event>, "see the error above: the event type breaks a rule");
      if constexpr (detail::valid_event<Event> && Event::event.severity >= compile_time_min_level) {
        const std::uint64_t tag = tag_for(Event::event.severity);
        if (tag & detail::enabled_bit) {
          // Recorded only: no count, no throttle; the record waits for an error.
          if constexpr (detail::aggregate_event<Event>) {
            if ((tag & detail::recorded_bit) == 0) log_aggregated(e);
          } else if constexpr (detail::throttled_event<Event>) {
            if ((tag & detail::recorded_bit) == 0) log_throttled(e);
            else detail::emit_whole(detail::record_tag<Event>(tag), e);
          } else {
            // The tie straight from its class, not through tie_fields: one function
            // fewer per event type for the compiler's back end. The descriptor's
            // address is the tag; the writer formats with its format_fields.
            detail::emit_tied<typename detail::event_formatter<Event>::encoder>(
                detail::descriptor_tag(&detail::descriptor_of<Event>, tag),
                detail::tie_of_size<detail::field_count<Event>>::tie(e),
                std::make_index_sequence<detail::field_count<Event>>{});
          }
        }
      }
    }
  }

  // The event and an exception in one line: ... exc="<type>: <what>; caused by ..."
  // (the exception's text is built on the calling thread; this path allocates).
  template <class Event>
  void log(const Event& e, const std::exception& ex) const {
    log_with_exception(e, [&] { return describe_exception(ex); });
  }
  template <class Event>
  void log(const Event& e, const std::exception_ptr& ex) const {
    log_with_exception(e, [&] { return describe_exception(ex); });
  }

  // Logs e at `severity` with Extra's fields after its own (the library's helpers).
  template <level Severity, class Event, class Extra>
  void log_extended(const Event& e, const Extra& extra) const {
    static_assert(detail::valid_event<Event>, "see the error above: the event type breaks a rule");
    if constexpr (detail::valid_event<Event> && Severity >= compile_time_min_level) {
      if (const std::uint64_t tag = tag_for(Severity); tag & detail::enabled_bit) {
        using record = detail::extended_event<Event, Extra, Severity>;
        detail::emit_whole(detail::record_tag<record>(tag), record{e, extra});
      }
    }
  }

  // Times an operation of an operation_info event (operation.hpp); its line is
  // written when the returned object is destroyed.
  template <class Event>
  timed_operation<logger, Event> operation(Event e) const {
    static_assert(Event::event.is_operation,
                  "instrukt_ai::logging: logger::operation() needs an operation event, declared with "
                  "`static constexpr instrukt_ai::logging::operation_info event{\"name\"};`");
    return timed_operation<logger, Event>(*this, std::move(e), false);
  }
  template <class Event>
  timed_operation<logger, Event> operation(Event e, with_start_line_t) const {
    static_assert(Event::event.is_operation,
                  "instrukt_ai::logging: logger::operation() needs an operation event, declared with "
                  "`static constexpr instrukt_ai::logging::operation_info event{\"name\"};`");
    return timed_operation<logger, Event>(*this, std::move(e), true);
  }

  // A message from another logging system (message.hpp): msg="<text>" and the pairs.
  void log_message(level severity, std::string_view text, std::span<const message_field> fields = {}) const {
    if (enabled(severity)) log_message_enabled(severity, text, fields);
  }
  void log_message(level severity, std::string_view text, std::initializer_list<message_field> fields) const {
    log_message(severity, text, std::span<const message_field>(fields.begin(), fields.size()));
  }

  // Whether an event at l is logged: written, or kept by the flight recorder.
  bool enabled(level l) const noexcept {
    return l >= compile_time_min_level && l < level::off && (tag_for(l) & detail::enabled_bit) != 0;
  }
  // The lowest level this logger writes to the file (the environment's, or
  // set_log_levels()'s); the flight recorder may keep lower ones.
  level threshold() const noexcept { return core_->written.load(std::memory_order_relaxed); }
  std::string_view name() const noexcept;

 private:
  template <class Event>
  void log_aggregated(const Event& e) const {
    static_assert(!detail::throttled_event<Event>, "instrukt_ai::logging: an event is aggregated or throttled, not both");
    if constexpr (detail::aggregate<Event>::fields_ok) detail::aggregate<Event>::count(e, core_);
  }

  template <class Event>
  void log_throttled(const Event& e) const {
    const std::uint64_t admitted = detail::throttle_state<Event>::admit(e, core_->tag_bits);
    if (admitted == 1) {
      detail::emit_whole(detail::record_tag<Event>(core_->tag_bits), e);
    } else if (admitted > 1) {
      using record = detail::extended_event<Event, detail::throttled_extra, Event::event.severity>;
      const detail::throttled_extra extra{admitted - 1};
      detail::emit_whole(detail::record_tag<record>(core_->tag_bits), record{e, extra});
    }
  }

  std::uint64_t tag_for(level l) const noexcept {
    return core_->tag_for[static_cast<std::size_t>(l)].load(std::memory_order_relaxed);
  }

  void log_message_enabled(level severity, std::string_view text, std::span<const message_field> fields) const;

  template <class Event, class Describe>
  void log_with_exception(const Event& e, Describe describe) const {
    if (!enabled(Event::event.severity)) return;
    const std::string text = describe();
    log_extended<Event::event.severity>(e, detail::exception_extra{text});
  }

  friend logger get_logger(std::string_view name);
  explicit logger(detail::logger_core* core) noexcept : core_(core) {}
  detail::logger_core* core_;
};

// The logger with this name (created on first use; names are dotted, like
// "myapp.worker"). Loggers live until the process ends; at most 65,536 names
// in all, the library's own ("instrukt_ai.logging") among them. Past that it
// throws std::length_error.
logger get_logger(std::string_view name);

}  // namespace instrukt_ai::logging
