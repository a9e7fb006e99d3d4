// The writer's side of a record's payload: " key=value" for each field, read
// back through the same codecs that wrote it (fields_encoder.hpp). Keys come
// from the descriptor (format_context::keys), so one instance serves every
// event type with the same field types: an event type adds no writer code.
#pragma once

#include <instrukt_ai/logging/detail/record/fields_encoder.hpp>

#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <utility>

namespace instrukt_ai::logging::detail {

// A key of at most this many bytes is copied as this many (one 16-byte move);
// the keys' text is padded for it (line_fragments, descriptor.hpp).
inline constexpr std::size_t key_copy_bytes = 16;

// Appends a key (" key=") from a padded array.
inline void append_field_key(line_buffer& out, std::string_view key) {
  if (key.size() <= key_copy_bytes) [[likely]] {
    out.reserve_more(key_copy_bytes);
    std::memcpy(out.cursor(), key.data(), key_copy_bytes);
    out.advance(key.size());
  } else {
    out.append(key);
  }
}

template <class... Specs>
struct fields_formatter;
template <class... T, bool... Whole>
struct fields_formatter<field_spec<T, Whole>...> {
  // The caller's side of the same specs.
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
  // Appends the fields; returns the end of the payload (descriptor::format_fields).
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    return all(in, ctx, std::index_sequence_for<T...>{});
  }
  // The end of the payload, unread (descriptor::skip_fields: the flight recorder's).
  static const std::byte* skip(const std::byte* in) noexcept {
    ((in = skip_value<codec<T>>(in)), ...);
    return in;
  }
};

}  // namespace instrukt_ai::logging::detail
