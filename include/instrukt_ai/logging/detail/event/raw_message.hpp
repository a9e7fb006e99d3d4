// The record of a message from another logging system (message.hpp): its
// text, then a u32 pair count, then each key and value, all as strings.
#pragma once

#include <instrukt_ai/logging/detail/event/record_source.hpp>
#include <instrukt_ai/logging/message.hpp>

#include <span>

namespace instrukt_ai::logging::detail {

struct raw_message {
  std::string_view text;
  std::span<const message_field> fields;
};

// The descriptor of messages at level l.
const descriptor& message_descriptor(level l) noexcept;

template <>
struct record_source<raw_message> {
  static constexpr const descriptor* desc = nullptr;  // per level: message_descriptor()
  static constexpr bool fixed = false;
  static constexpr std::size_t fixed_payload = variable_size;
  static std::size_t payload_size(std::size_t max, const raw_message& m) noexcept {
    std::size_t n = codec<std::string_view>::size(m.text, max) + sizeof(std::uint32_t);
    for (const auto& f : m.fields)
      n += codec<std::string_view>::size(f.key, 256) + codec<std::string_view>::size(f.value, max);
    return n;
  }
  static std::byte* encode(std::byte* out, std::size_t max, const raw_message& m) noexcept {
    out = codec<std::string_view>::encode(out, m.text, max);
    out = put(out, static_cast<std::uint32_t>(m.fields.size()));
    for (const auto& f : m.fields) {
      out = codec<std::string_view>::encode(out, f.key, 256);  // keys longer than 256 bytes are cut
      out = codec<std::string_view>::encode(out, f.value, max);
    }
    return out;
  }
};

}  // namespace instrukt_ai::logging::detail
