// What the writer knows of a record: the descriptor its tag points to, and the
// constant text of an event type's line (" msg=<name>", " <key>=" per field).
// An event type's own descriptor is built in event_codec.hpp.
#pragma once

#include <instrukt_ai/logging/detail/event/field_names.hpp>
#include <instrukt_ai/logging/detail/record/fields_formatter.hpp>
#include <instrukt_ai/logging/level.hpp>

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
  // type with the same field types (record/fields_formatter.hpp).
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

}  // namespace instrukt_ai::logging::detail
