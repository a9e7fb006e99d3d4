// The compile-time descriptor of an event type: everything the writer needs to
// turn a record back into a line, built once per type as a constant.
#pragma once

#include <instrukt_ai/logging/detail/event/field_names.hpp>
#include <instrukt_ai/logging/detail/event/naming_rules.hpp>
#include <instrukt_ai/logging/detail/record/codecs.hpp>
#include <instrukt_ai/logging/level.hpp>

#include <instrukt_ai/logging/detail/event/reflect.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <cstddef>
#include <span>
#include <string_view>

namespace instrukt_ai::logging::detail {

struct field_descriptor {
  std::string_view key;
  std::string_view type_name;
};

// What a record is: a line, or a change to its thread's contexts (context.hpp).
enum class record_role : std::uint8_t { line, context_push, context_pop };

struct descriptor {
  std::string_view name;
  level severity;
  std::string_view msg_fragment;  // " msg=<name>"
  std::span<const field_descriptor> fields;
  // Appends " key=value" for every field; returns the end of the payload.
  // The writer passes `keys` in ctx.keys, so one function serves every event
  // type with the same field types (fields_formatter below).
  const std::byte* (*format_fields)(const std::byte* payload, format_context& ctx);
  const std::string_view* keys = nullptr;
  record_role role = record_role::line;
  // One bit per key (key_bit), so that the writer sees at once that a line
  // shares no key with its contexts; all ones when keys vary per record.
  std::uint64_t key_bits = 0;
  // Returns the end of the payload without formatting it (the flight
  // recorder's). Set for every record a logger can mark recorded (events,
  // extended events, messages); the writer's own lines and contexts leave it null.
  const std::byte* (*skip_fields)(const std::byte* payload) noexcept = nullptr;
};

// From the length and the first and last characters: no loop, since it runs
// for every field of every event type at compile time.
constexpr std::uint64_t key_bit(std::string_view key) noexcept {
  if (key.empty()) return 1;
  const unsigned h = static_cast<unsigned>(key.size()) * 7u + static_cast<unsigned char>(key.front()) * 3u +
                     static_cast<unsigned char>(key.back());
  return std::uint64_t{1} << (h & 63);
}

// descriptor::key_bits of these keys (one function per key count).
template <std::size_t N>
constexpr std::uint64_t key_bits_of_keys(const std::array<std::string_view, N>& keys) noexcept {
  std::uint64_t bits = 0;
  for (const auto& k : keys) bits |= key_bit(k);
  return bits;
}

// A key of at most this many bytes is copied as this many (one 16-byte move).
inline constexpr std::size_t key_copy_bytes = 16;

// Appends a key from a line_fragments array (padded for the copy).
inline void append_field_key(line_buffer& out, std::string_view key) {
  if (key.size() <= key_copy_bytes) [[likely]] {
    out.reserve_more(key_copy_bytes);
    std::memcpy(out.cursor(), key.data(), key_copy_bytes);
    out.advance(key.size());
  } else {
    out.append(key);
  }
}

// A field as the writer sees it: its type, and whether it is written whole
// (`id` and `..._id` keys ignore max_value_bytes).
template <class T, bool Whole>
struct field_spec {};

template <class... Specs>
struct fields_encoder;

// Appends " key=value" for fields of these specs, keys from ctx.keys: shared
// by every event type with the same field types, so an event type adds no
// writer code of its own.
template <class... Specs>
struct fields_formatter;
template <class... T, bool... Whole>
struct fields_formatter<field_spec<T, Whole>...> {
  // The caller's side of the same specs (below).
  using encoder = fields_encoder<field_spec<T, Whole>...>;
  // The descriptor's type names (catalogs).
  static constexpr std::array<std::string_view, sizeof...(T)> type_names{codec<T>::type_name...};

  template <std::size_t J, class U, bool W>
  static const std::byte* field(const std::byte* in, format_context& ctx) {
    append_field_key(ctx.out, ctx.keys[J]);
    if constexpr (W) {
      format_context whole = ctx.with_limit(~std::size_t{0});
      return codec<U>::format(in, whole);
    } else {
      return codec<U>::format(in, ctx);
    }
  }
  template <std::size_t... J>
  static const std::byte* all(const std::byte* in, format_context& ctx, std::index_sequence<J...>) {
    ((in = field<J, T, Whole>(in, ctx)), ...);
    return in;
  }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    return all(in, ctx, std::index_sequence_for<T...>{});
  }
  static const std::byte* skip(const std::byte* in) noexcept {
    ((in = skip_value<codec<T>>(in)), ...);
    return in;
  }
};

// The caller's side of the same specs: the record's payload size and bytes
// for field values of these types. Shared, like fields_formatter, by every
// event type with the same field types (emit_fields in producer.hpp).
template <class... T, bool... Whole>
struct fields_encoder<field_spec<T, Whole>...> {
  static constexpr bool fixed = ((codec<T>::fixed_size != variable_size) && ...);
  static constexpr std::size_t fixed_payload = fixed ? (std::size_t{0} + ... + codec<T>::fixed_size) : variable_size;
  static std::size_t payload_size(std::size_t max_bytes, const T&... v) noexcept {
    if constexpr (fixed) return fixed_payload;
    else return (std::size_t{0} + ... + codec<T>::size(v, Whole ? ~std::size_t{0} : max_bytes));
  }
  static std::byte* encode(std::byte* out, std::size_t max_bytes, const T&... v) {
    ((out = codec<T>::encode(out, v, Whole ? ~std::size_t{0} : max_bytes)), ...);
    return out;
  }
};

inline constexpr std::string_view msg_prefix = " msg=";

// The text's parts are built by functions shared by every event type with the
// same field count (and text size), not by code of each type's own.
template <std::size_t N>
constexpr std::size_t fragments_size(std::string_view name, const std::array<std::string_view, N>& keys) {
  std::size_t n = name.empty() ? 0 : msg_prefix.size() + name.size();
  for (const auto& k : keys) n += k.size() + 2;
  return n;
}

// Copied through raw pointers: the constant evaluator pays per call.
template <std::size_t Size, std::size_t N>
consteval std::array<char, Size> fragments_text(std::string_view name, const std::array<std::string_view, N>& keys) {
  std::array<char, Size> a{};
  char* p = a.data();
  auto copy = [&p](std::string_view text) {
    const char* from = text.data();
    for (std::size_t i = 0, n = text.size(); i < n; ++i) *p++ = from[i];
  };
  if (!name.empty()) {
    copy(msg_prefix);
    copy(name);
  }
  for (const auto& k : keys) {
    *p++ = ' ';
    copy(k);
    *p++ = '=';
  }
  return a;
}

template <std::size_t N>
consteval std::array<std::string_view, N> fragment_keys(const char* text, std::size_t at,
                                                        const std::array<std::string_view, N>& keys) {
  std::array<std::string_view, N> views{};
  for (std::size_t i = 0; i < N; ++i) {
    views[i] = std::string_view{text + at, keys[i].size() + 2};
    at += keys[i].size() + 2;
  }
  return views;
}

// The name a line's msg= gives an event; none for a type without an event_info.
template <class Event>
inline constexpr std::string_view line_name{};
template <class Event>
  requires requires { Event::event.name; }
inline constexpr std::string_view line_name<Event> = Event::event.name;

// " msg=<name>" and " <key>=" for each field, in one constant character array.
// A type without an event_info (the keys the library adds, extended.hpp) gets
// the keys only.
template <class Event>
struct line_fragments {
  static constexpr std::size_t msg_size = line_name<Event>.empty() ? 0 : msg_prefix.size() + line_name<Event>.size();
  // Padded so that a key can be copied as 16 bytes (fields_formatter).
  static constexpr auto chars = fragments_text<fragments_size(line_name<Event>, field_names<Event>) + key_copy_bytes>(
      line_name<Event>, field_names<Event>);
  static constexpr std::string_view msg() { return {chars.data(), msg_size}; }
  static constexpr auto keys = fragment_keys(chars.data(), msg_size, field_names<Event>);
};

// Field I's name for use at run time: a view into line_fragments' array
// (" key=" there). field_names views the compiler's spelled text, and a run
// time use would keep all of it in the program (about 280 bytes per field).
template <class T, std::size_t I>
inline constexpr std::string_view runtime_key =
    line_fragments<T>::keys[I].substr(1, line_fragments<T>::keys[I].size() - 2);

// The descriptor's fields: each key (from line_fragments' " key=") and its
// type's name. Shared by every event type with the same field count.
template <std::size_t N>
consteval std::array<field_descriptor, N> describe_fields(const std::array<std::string_view, N>& keys,
                                                          const std::array<std::string_view, N>& type_names) {
  std::array<field_descriptor, N> fields{};
  for (std::size_t i = 0; i < N; ++i) fields[i] = {keys[i].substr(1, keys[i].size() - 2), type_names[i]};
  return fields;
}

template <class Event, std::size_t I>
using field_type = field_type_t<I, Event>;

// An event's formatter: its field types and keys, worked out once. Its
// encoder and type names come with it, shared by every event type with the
// same field types: what an event type adds is this one small class.
template <class Event, class Tie = field_tuple<Event>, class Seq = std::make_index_sequence<field_count<Event>>>
struct event_formatter_of;
template <class Event, class... Ref, std::size_t... I>
struct event_formatter_of<Event, boost::pfr::detail::sequence_tuple::tuple<Ref...>, std::index_sequence<I...>> {
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
    return encoder::payload_size(max_bytes, boost::pfr::detail::sequence_tuple::get<I>(tie)...);
  }

  static std::byte* encode(std::byte* out, const Event& e, std::size_t max_bytes) {
    const auto tie = tie_fields(e);
    return encoder::encode(out, max_bytes, boost::pfr::detail::sequence_tuple::get<I>(tie)...);
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
