// Codecs for integers, floating point, bool and char.
#pragma once

#include <instrukt_ai/logging/detail/line/number_text.hpp>
#include <instrukt_ai/logging/detail/record/codec.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include <string_view>

namespace instrukt_ai::logging::detail {

template <class T>
concept plain_integer = std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
                        !std::is_same_v<T, wchar_t> && !std::is_same_v<T, char8_t> &&
                        !std::is_same_v<T, char16_t> && !std::is_same_v<T, char32_t> && sizeof(T) <= 8;

template <std::size_t Size, bool Signed>
inline constexpr std::string_view integer_type_name =
    Signed ? (Size == 1 ? "int8" : Size == 2 ? "int16" : Size == 4 ? "int32" : "int64")
           : (Size == 1 ? "uint8" : Size == 2 ? "uint16" : Size == 4 ? "uint32" : "uint64");

template <plain_integer T>
struct codec<T> : fixed_codec<T, sizeof(T)> {
  static constexpr std::string_view type_name = integer_type_name<sizeof(T), std::is_signed_v<T>>;
  static std::byte* encode(std::byte* out, T v, std::size_t) noexcept { return put(out, v); }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    T v;
    in = take(in, v);
    append_number(ctx.out, v);
    return in;
  }
};

// Shortest form that reads back to the same value (fmt's default), e.g. 0.1, 1e+30, nan, inf.
// (libstdc++ 12's std::to_chars gives the same text at about twice the instructions,
// fmt's general writer at about 1.5 times.)
template <class T>
  requires std::is_same_v<T, float> || std::is_same_v<T, double>
struct codec<T> : fixed_codec<T, sizeof(T)> {
  static constexpr std::string_view type_name = std::is_same_v<T, float> ? "float" : "double";
  static std::byte* encode(std::byte* out, T v, std::size_t) noexcept { return put(out, v); }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    T v;
    in = take(in, v);
    append_number(ctx.out, v);
    return in;
  }
};

template <>
struct codec<bool> : fixed_codec<bool, 1> {
  static constexpr std::string_view type_name = "bool";
  static std::byte* encode(std::byte* out, bool v, std::size_t) noexcept {
    *out = std::byte{v};
    return out + 1;
  }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    ctx.out.append(*in != std::byte{0} ? std::string_view{"true"} : std::string_view{"false"});
    return in + 1;
  }
};

// A char is written as a one-character string (quoted and escaped as needed).
template <>
struct codec<char> : fixed_codec<char, 1> {
  static constexpr std::string_view type_name = "char";
  static std::byte* encode(std::byte* out, char v, std::size_t) noexcept { return put(out, v); }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    const char c = static_cast<char>(*in);
    logfmt::append_value(ctx.out, {&c, 1});
    return in + 1;
  }
};

}  // namespace instrukt_ai::logging::detail
