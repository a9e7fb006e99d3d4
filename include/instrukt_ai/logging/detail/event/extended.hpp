// A line of an event with more keys after its own, at a level of its own: the
// exception (exc=), an operation's duration and outcome, a throttle's
// suppressed count. Extra is a small aggregate whose fields give the keys.
#pragma once

#include <instrukt_ai/logging/detail/event/descriptor.hpp>

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

// What the record layer needs of a record's source: its descriptor, whether
// its size is fixed, its payload's size and bytes.
template <class R>
struct record_source {
  static constexpr const descriptor* desc = &descriptor_of<R>;
  static constexpr bool fixed = event_codec<R>::fixed;
  static constexpr std::size_t fixed_payload = event_codec<R>::fixed_payload_size();
  static std::size_t payload_size(const R& r, std::size_t max) noexcept { return event_codec<R>::payload_size(r, max); }
  static std::byte* encode(std::byte* out, const R& r, std::size_t max) { return event_codec<R>::encode(out, r, max); }
};

template <class Event, class Extra, level Severity>
struct record_source<extended_event<Event, Extra, Severity>> {
  using self = extended_event<Event, Extra, Severity>;
  static constexpr const descriptor* desc = &extended_descriptor<Event, Extra, Severity>;
  static constexpr bool fixed = event_codec<Event>::fixed && event_codec<Extra>::fixed;
  static constexpr std::size_t fixed_payload =
      fixed ? event_codec<Event>::fixed_payload_size() + event_codec<Extra>::fixed_payload_size() : variable_size;
  static std::size_t payload_size(const self& r, std::size_t max) noexcept {
    return event_codec<Event>::payload_size(r.event, max) + event_codec<Extra>::payload_size(r.extra, max);
  }
  static std::byte* encode(std::byte* out, const self& r, std::size_t max) {
    return event_codec<Extra>::encode(event_codec<Event>::encode(out, r.event, max), r.extra, max);
  }
};

}  // namespace instrukt_ai::logging::detail
