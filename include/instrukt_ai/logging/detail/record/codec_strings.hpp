// Codecs for std::string_view, std::string and C strings: the bytes are copied
// into the record, at most max_value_bytes of them.
//
// Record form: u32 word (bit 31: value was cut; bits 0-30: bytes copied), then
// the bytes. 0xffffffff marks a null const char*.
#pragma once

#include <instrukt_ai/logging/detail/record/codec.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include <algorithm>
#include <string>
#include <string_view>

namespace instrukt_ai::logging::detail {

inline constexpr std::uint32_t null_string_word = 0xffffffffu;
inline constexpr std::uint32_t cut_bit = 0x80000000u;


struct string_codec_base {
  static constexpr std::size_t fixed_size = variable_size;
  static constexpr std::string_view type_name = "string";

  static std::size_t size_of(std::string_view s, std::size_t max_bytes) noexcept {
    return 4 + std::min(s.size(), max_bytes);
  }

  static std::byte* encode_view(std::byte* out, std::string_view s, std::size_t max_bytes) noexcept {
    const auto n = static_cast<std::uint32_t>(std::min(s.size(), max_bytes));
    const std::uint32_t word = n | (n < s.size() ? cut_bit : 0u);
    out = put(out, word);
    if (n != 0) std::memcpy(out, s.data(), n);  // an empty view may have a null data()
    return out + n;
  }

  static const std::byte* skip(const std::byte* in) noexcept {
    std::uint32_t word;
    in = take(in, word);
    return word == null_string_word ? in : in + (word & ~cut_bit);
  }

  static const std::byte* format(const std::byte* in, format_context& ctx) {
    std::uint32_t word;
    in = take(in, word);
    if (word == null_string_word) {
      ctx.out.append("null");
      return in;
    }
    const std::size_t n = word & ~cut_bit;
    const std::string_view bytes{reinterpret_cast<const char*>(in), n};
    if (word & cut_bit)
      logfmt::append_cut_value(ctx.out, bytes);
    else
      logfmt::append_value(ctx.out, bytes, ctx.max_value_bytes);
    return in + n;
  }
};

template <>
struct codec<std::string_view> : string_codec_base {
  static std::size_t size(std::string_view s, std::size_t max) noexcept { return size_of(s, max); }
  static std::byte* encode(std::byte* out, std::string_view s, std::size_t max) noexcept {
    return encode_view(out, s, max);
  }
};

template <>
struct codec<std::string> : string_codec_base {
  static std::size_t size(const std::string& s, std::size_t max) noexcept { return size_of(s, max); }
  static std::byte* encode(std::byte* out, const std::string& s, std::size_t max) noexcept {
    return encode_view(out, s, max);
  }
};

template <class T>
  requires std::is_same_v<T, const char*> || std::is_same_v<T, char*>
struct codec<T> : string_codec_base {
  static std::size_t size(const char* s, std::size_t max) noexcept { return s ? size_of(s, max) : 4; }
  static std::byte* encode(std::byte* out, const char* s, std::size_t max) noexcept {
    return s ? encode_view(out, s, max) : put(out, null_string_word);
  }
};

}  // namespace instrukt_ai::logging::detail
