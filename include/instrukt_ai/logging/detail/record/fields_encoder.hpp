// The caller's side of a record's payload: the size and bytes of field values
// of given types, each through its type's codec. One instance serves every
// event type with the same field types (event_codec.hpp maps an event type
// to its specs), so an event type adds no encoding code of its own.
#pragma once

#include <instrukt_ai/logging/detail/record/codecs.hpp>

#include <cstddef>

namespace instrukt_ai::logging::detail {

// A field as a record sees it: its type, and whether it is written whole
// (`id` and `..._id` keys ignore max_value_bytes).
template <class T, bool Whole>
struct field_spec {};

template <class... Specs>
struct fields_encoder;
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

}  // namespace instrukt_ai::logging::detail
