// A line of an event with more keys after its own, at a level of its own: the
// exception (exc=), an operation's duration and outcome, a throttle's
// suppressed count. Extra is a small aggregate whose fields give the keys.
#pragma once

#include <instrukt_ai/logging/detail/event/descriptor.hpp>

#include <array>
#include <string_view>

namespace instrukt_ai::logging::detail {

template <class Event, class Extra, level Severity>
struct extended_event {
  const Event& event;
  const Extra& extra;
};

// " key=" for each of Extra's fields, in one constant character array.
template <class Extra>
struct extra_fragments {
  static constexpr auto names = field_names<Extra>;
  static constexpr std::size_t total = [] {
    std::size_t n = 0;
    for (auto k : names) n += k.size() + 2;
    return n;
  }();
  static constexpr auto chars = [] {
    std::array<char, total + 1> a{};
    std::size_t p = 0;
    for (auto k : names) {
      a[p++] = ' ';
      for (char c : k) a[p++] = c;
      a[p++] = '=';
    }
    return a;
  }();
  static constexpr std::array<std::string_view, names.size()> keys = [] {
    std::array<std::string_view, names.size()> k{};
    std::size_t p = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
      k[i] = std::string_view{chars.data() + p, names[i].size() + 2};
      p += names[i].size() + 2;
    }
    return k;
  }();
};

template <class Extra, class Seq = std::make_index_sequence<boost::pfr::tuple_size_v<Extra>>>
struct extra_format;
template <class Extra, std::size_t... I>
struct extra_format<Extra, std::index_sequence<I...>> {
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    using fragments = extra_fragments<Extra>;
    ((ctx.out.template append_fixed<fragments::keys[I].size()>(fragments::keys[I].data()),
      in = codec<field_type<Extra, I>>::format(in, ctx)),
     ...);
    return in;
  }
};

template <class Event, class Extra, level Severity>
struct extended_codec {
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    return extra_format<Extra>::format(event_codec<Event>::format(in, ctx), ctx);
  }
};

template <class Event, class Extra, level Severity>
inline constexpr descriptor extended_descriptor{
    Event::event.name,
    Severity,
    line_fragments<Event>::msg(),
    event_codec<Event>::fields,
    &extended_codec<Event, Extra, Severity>::format,
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
