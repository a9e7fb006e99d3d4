// Codecs for redacted<T>, payload<T> and id<T> (fields.hpp).
#pragma once

#include <instrukt_ai/logging/detail/record/codec.hpp>
#include <instrukt_ai/logging/fields.hpp>


#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

namespace instrukt_ai::logging::detail {

inline constexpr std::size_t no_value_limit = ~std::size_t{0};

std::array<std::uint8_t, 32> sha256(std::string_view bytes) noexcept;
// The first 4 bytes of SHA-256(bytes).
std::array<std::uint8_t, 4> fingerprint_of(std::string_view bytes) noexcept;

template <class T>
concept fingerprintable = std::is_convertible_v<const T&, std::string_view> || std::is_integral_v<T>;

template <class T>
struct codec<redacted<T, redaction::mask>> : fixed_codec<redacted<T, redaction::mask>, 0> {
  static constexpr std::string_view type_name = "redacted";
  static constexpr std::string_view mode = "mask";
  static std::byte* encode(std::byte* out, const redacted<T, redaction::mask>&, std::size_t) noexcept { return out; }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    ctx.out.append_fixed<3>("***");
    return in;
  }
};

// An integer's decimal text ("-42"), the bytes its fingerprint hashes.
struct integer_text {
  char digits[24];
  std::size_t begin = sizeof digits;
  template <class T>
  explicit integer_text(T v) noexcept {
    using wide = std::conditional_t<std::is_signed_v<T>, long long, unsigned long long>;
    const wide w = static_cast<wide>(v);
    unsigned long long u = w < 0 ? 0ULL - static_cast<unsigned long long>(w) : static_cast<unsigned long long>(w);
    do digits[--begin] = static_cast<char>('0' + u % 10);
    while ((u /= 10) != 0);
    if (w < 0) digits[--begin] = '-';
  }
  std::string_view view() const noexcept { return {digits + begin, sizeof digits - begin}; }
};

template <fingerprintable T>
struct codec<redacted<T, redaction::fingerprint>> : fixed_codec<redacted<T, redaction::fingerprint>, 4> {
  static constexpr std::string_view type_name = "redacted";
  static constexpr std::string_view mode = "fingerprint";
  static std::byte* encode(std::byte* out, const redacted<T, redaction::fingerprint>& r, std::size_t) noexcept {
    std::array<std::uint8_t, 4> f;
    if constexpr (std::is_integral_v<T>) {
      f = fingerprint_of(integer_text(r.value).view());
    } else {
      f = fingerprint_of(std::string_view(r.value));
    }
    std::memcpy(out, f.data(), f.size());
    return out + f.size();
  }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    constexpr char hex[] = "0123456789abcdef";
    char text[15] = {'s', 'h', 'a', '2', '5', '6', ':'};
    for (int i = 0; i < 4; ++i) {
      const auto b = static_cast<std::uint8_t>(in[i]);
      text[7 + 2 * i] = hex[b >> 4];
      text[8 + 2 * i] = hex[b & 15];
    }
    ctx.out.append_fixed<15>(text);
    return in + 4;
  }
};

// payload<T> and id<T> move T's bytes; id<T> ignores the string limit.
template <class Wrapper, class T, std::size_t Limit>
struct wrapping_codec {
  using inner = codec<T>;
  static constexpr std::size_t fixed_size = inner::fixed_size;
  static std::size_t size(const Wrapper& w, std::size_t max) noexcept {
    if constexpr (fixed_size != variable_size) return fixed_size;
    else return inner::size(w.value, Limit == 0 ? max : Limit);
  }
  static std::byte* encode(std::byte* out, const Wrapper& w, std::size_t max) {
    return inner::encode(out, w.value, Limit == 0 ? max : Limit);
  }
  static const std::byte* skip(const std::byte* in) noexcept { return skip_value<inner>(in); }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    if constexpr (Limit == 0) {
      return inner::format(in, ctx);
    } else {
      format_context whole = ctx.with_limit(Limit);
      return inner::format(in, whole);
    }
  }
};

template <class T>
  requires has_codec<T>
struct codec<payload<T>> : wrapping_codec<payload<T>, T, 0> {
  static constexpr std::string_view type_name = "payload";
};

template <class T>
  requires has_codec<T>
struct codec<id<T>> : wrapping_codec<id<T>, T, no_value_limit> {
  static constexpr std::string_view type_name = "id";
};

template <class T>
inline constexpr bool is_redacted = false;
template <class T, redaction How>
inline constexpr bool is_redacted<redacted<T, How>> = true;
// A secret that may be absent (a request header): std::optional<redacted<T>>, written null when empty.
template <class T>
inline constexpr bool is_redacted_or_absent = is_redacted<T>;
template <class T>
inline constexpr bool is_redacted_or_absent<std::optional<T>> = is_redacted<T>;

template <class T>
inline constexpr bool is_payload = false;
template <class T>
inline constexpr bool is_payload<payload<T>> = true;

}  // namespace instrukt_ai::logging::detail
