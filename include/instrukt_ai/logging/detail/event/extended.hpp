// A line of an event with more keys after its own, at a level of its own: the
// exception (exc=), an operation's duration and outcome, a throttle's
// suppressed count. Extra is a small aggregate whose fields give the keys.
#pragma once

#include <instrukt_ai/logging/detail/event/event_codec.hpp>

#include <string_view>

namespace instrukt_ai::logging::detail {

template <class Event, class Extra, level Severity>
struct extended_event {
  const Event& event;
  const Extra& extra;
};

template <class Event, class Extra, level Severity>
struct extended_codec {
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    return event_codec<Extra>::format(event_codec<Event>::format(in, ctx), ctx);
  }
  static const std::byte* skip(const std::byte* in) noexcept {
    return event_codec<Extra>::formatter::skip(event_codec<Event>::formatter::skip(in));
  }
};

template <class Event, class Extra, level Severity>
inline constexpr descriptor extended_descriptor{
    Event::event.name,
    Severity,
    line_fragments<Event>::msg(),
    event_codec<Event>::fields,
    &extended_codec<Event, Extra, Severity>::format,
    nullptr,
    record_role::line,
    key_bits_of<Event> | key_bits_of<Extra>,
    &extended_codec<Event, Extra, Severity>::skip,
};

}  // namespace instrukt_ai::logging::detail
