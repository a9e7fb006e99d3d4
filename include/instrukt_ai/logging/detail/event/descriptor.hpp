// The compile-time descriptor of an event type: everything the writer needs to
// turn a record back into a line, built once per type as a constant.
#pragma once

#include <instrukt_ai/logging/detail/event/field_names.hpp>
#include <instrukt_ai/logging/detail/event/naming_rules.hpp>
#include <instrukt_ai/logging/detail/record/codecs.hpp>
#include <instrukt_ai/logging/level.hpp>

#include <instrukt_ai/logging/detail/event/reflect.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace instrukt_ai::logging::detail {

struct field_descriptor {
  std::string_view key;
  std::string_view type_name;
};

struct descriptor {
  std::string_view name;
  level severity;
  std::string_view msg_fragment;  // " msg=<name>"
  std::span<const field_descriptor> fields;
  // Appends " key=value" for every field; returns the end of the payload.
  const std::byte* (*format_fields)(const std::byte* payload, format_context& ctx);
};

// " msg=<name>" and " <key>=" for each field, in one constant character array.
// A type without an event_info (the keys the library adds, extended.hpp) gets
// the keys only.
template <class Event>
struct line_fragments {
  static constexpr auto names = field_names<Event>;
  static constexpr std::string_view msg_prefix = " msg=";
  static constexpr std::string_view name = [] {
    if constexpr (requires { Event::event.name; }) return Event::event.name;
    else return std::string_view{};
  }();
  static constexpr std::size_t msg_size = name.empty() ? 0 : msg_prefix.size() + name.size();

  static constexpr std::size_t total = [] {
    std::size_t n = msg_size;
    for (auto k : names) n += k.size() + 2;
    return n;
  }();

  static constexpr auto chars = [] {
    std::array<char, total + 1> a{};
    std::size_t p = 0;
    if (msg_size != 0) {
      for (char c : msg_prefix) a[p++] = c;
      for (char c : name) a[p++] = c;
    }
    for (auto k : names) {
      a[p++] = ' ';
      for (char c : k) a[p++] = c;
      a[p++] = '=';
    }
    return a;
  }();

  static constexpr std::string_view msg() { return {chars.data(), msg_size}; }

  static constexpr std::array<std::string_view, names.size()> keys = [] {
    std::array<std::string_view, names.size()> k{};
    std::size_t p = msg_size;
    for (std::size_t i = 0; i < names.size(); ++i) {
      k[i] = std::string_view{chars.data() + p, names[i].size() + 2};
      p += names[i].size() + 2;
    }
    return k;
  }();
};

template <class Event, std::size_t I>
using field_type = std::remove_cv_t<field_type_t<I, Event>>;

template <class Event, class Seq = std::make_index_sequence<field_count<Event>>>
struct event_codec;

// Moves a whole event's fields through their codecs, in declaration order.
template <class Event, std::size_t... I>
struct event_codec<Event, std::index_sequence<I...>> {
  static constexpr bool fixed = ((codec<field_type<Event, I>>::fixed_size != variable_size) && ...);

  static constexpr std::size_t fixed_payload_size() {
    if constexpr (fixed) return (std::size_t{0} + ... + codec<field_type<Event, I>>::fixed_size);
    else return variable_size;
  }

  // The string limit of field J: none for `id` and `..._id` keys.
  template <std::size_t J>
  static constexpr std::size_t limit(std::size_t max_bytes) noexcept {
    return is_id_key(field_names<Event>[J]) ? ~std::size_t{0} : max_bytes;
  }

  static std::size_t payload_size(const Event& e, std::size_t max_bytes) noexcept {
    if constexpr (fixed) return fixed_payload_size();
    else return (std::size_t{0} + ... + codec<field_type<Event, I>>::size(get_field<I>(e), limit<I>(max_bytes)));
  }

  static std::byte* encode(std::byte* out, const Event& e, std::size_t max_bytes) {
    ((out = codec<field_type<Event, I>>::encode(out, get_field<I>(e), limit<I>(max_bytes))), ...);
    return out;
  }

  template <std::size_t J>
  static const std::byte* format_field(const std::byte* in, format_context& ctx) {
    using fragments = line_fragments<Event>;
    ctx.out.template append_fixed<fragments::keys[J].size()>(fragments::keys[J].data());
    if constexpr (is_id_key(field_names<Event>[J])) {
      format_context whole = ctx.with_limit(~std::size_t{0});
      return codec<field_type<Event, J>>::format(in, whole);
    } else {
      return codec<field_type<Event, J>>::format(in, ctx);
    }
  }

  static const std::byte* format(const std::byte* in, format_context& ctx) {
    ((in = format_field<I>(in, ctx)), ...);
    return in;
  }

  static constexpr std::array<field_descriptor, sizeof...(I)> fields{
      field_descriptor{field_names<Event>[I], codec<field_type<Event, I>>::type_name}...};
};

template <class Event>
inline constexpr descriptor descriptor_of{
    Event::event.name,
    Event::event.severity,
    line_fragments<Event>::msg(),
    event_codec<Event>::fields,
    &event_codec<Event>::format,
};

}  // namespace instrukt_ai::logging::detail
