// An event type's record, worked out at compile time: the shared formatter and
// encoder of its field types (record/fields_formatter.hpp, fields_encoder.hpp),
// its field table, and its descriptor (descriptor_of), whose address is the
// tag of each of its records.
#pragma once

#include <instrukt_ai/logging/detail/event/descriptor.hpp>
#include <instrukt_ai/logging/detail/event/naming_rules.hpp>
#include <instrukt_ai/logging/detail/event/tie.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace instrukt_ai::logging::detail {

template <class Event, std::size_t I>
using field_type = field_type_t<I, Event>;

// An event's formatter: its field types and keys, worked out once. Its
// encoder and type names come with it, shared by every event type with the
// same field types: what an event type adds is this one small class.
template <class Event, class Tie = field_tuple<Event>, class Seq = std::make_index_sequence<field_count<Event>>>
struct event_formatter_of;
template <class Event, class... Ref, std::size_t... I>
struct event_formatter_of<Event, field_refs<Ref...>, std::index_sequence<I...>> {
  using type = fields_formatter<field_spec<std::remove_cvref_t<Ref>, is_id_key(field_names<Event>[I])>...>;
};
template <class Event>
using event_formatter = typename event_formatter_of<Event>::type;

// The descriptor's field table.
template <class Event>
inline constexpr auto event_fields = describe_fields(line_fragments<Event>::keys, event_formatter<Event>::type_names);

template <class T>
inline constexpr std::uint64_t key_bits_of = key_bits_of_keys(field_names<T>);

template <class Event, class Seq = std::make_index_sequence<field_count<Event>>>
struct event_codec;

// Moves a whole event's fields through their codecs, in declaration order:
// for the records built from a whole struct (contexts, extended and throttled
// events). A plain event's descriptor and copy need only event_formatter.
template <class Event, std::size_t... I>
struct event_codec<Event, std::index_sequence<I...>> {
  // The writer's side: the shared formatter of these field types; the
  // caller's: its encoder, which also knows the `id` keys' whole strings.
  using formatter = event_formatter<Event>;
  using encoder = typename formatter::encoder;

  static constexpr bool fixed = encoder::fixed;
  static constexpr std::size_t fixed_payload_size() { return encoder::fixed_payload; }

  static std::size_t payload_size(const Event& e, std::size_t max_bytes) noexcept {
    const auto tie = tie_fields(e);
    return encoder::payload_size(max_bytes, detail::get<I>(tie)...);
  }

  static std::byte* encode(std::byte* out, const Event& e, std::size_t max_bytes) {
    const auto tie = tie_fields(e);
    return encoder::encode(out, max_bytes, detail::get<I>(tie)...);
  }

  // Appends the fields with Event's own keys (for callers outside the writer's line).
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    const std::string_view* saved = ctx.keys;
    ctx.keys = line_fragments<Event>::keys.data();
    in = formatter::format(in, ctx);
    ctx.keys = saved;
    return in;
  }

  static constexpr const auto& fields = event_fields<Event>;
};

template <class Event>
inline constexpr descriptor descriptor_of{
    Event::event.name,
    Event::event.severity,
    line_fragments<Event>::msg(),
    event_fields<Event>,
    &event_formatter<Event>::format,
    line_fragments<Event>::keys.data(),
    record_role::line,
    key_bits_of<Event>,
    &event_formatter<Event>::skip,
};

}  // namespace instrukt_ai::logging::detail
