// Decimal digits written straight into a line, two at a time.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

namespace instrukt_ai::logging::detail::decimal {

inline constexpr std::array<char, 200> digit_pairs = [] {
  std::array<char, 200> t{};
  for (int i = 0; i < 100; ++i) {
    t[2 * i] = static_cast<char>('0' + i / 10);
    t[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return t;
}();

inline constexpr std::array<std::uint64_t, 20> powers_of_ten = [] {
  std::array<std::uint64_t, 20> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

// Number of decimal digits of v (1 for 0).
constexpr int count_digits(std::uint64_t v) noexcept {
  v |= 1;  // same count (a power of ten is even), and 0 counts as one digit
  const int guess = (std::bit_width(v) * 1233) >> 12;  // 1233 / 4096 ~ log10(2)
  return guess + (v >= powers_of_ten[static_cast<std::size_t>(guess)]);
}

// Writes v's digits so that they end just before end.
inline void write_digits_before(char* end, std::uint64_t v) noexcept {
  while (v >= 100) {
    end -= 2;
    std::memcpy(end, &digit_pairs[2 * (v % 100)], 2);
    v /= 100;
  }
  if (v >= 10) std::memcpy(end - 2, &digit_pairs[2 * v], 2);
  else end[-1] = static_cast<char>('0' + v);
}

// Exactly `width` digits of v (v < 10^width), zero-padded.
inline void write_fixed_width(char* out, std::uint32_t v, int width) noexcept {
  for (int i = width; i >= 2; i -= 2) {
    std::memcpy(out + i - 2, &digit_pairs[2 * (v % 100)], 2);
    v /= 100;
  }
  if (width % 2 != 0) out[0] = static_cast<char>('0' + v);
}

// The longest text write_integer produces.
inline constexpr std::size_t max_integer_chars = 20;

// Writes v in decimal at out; returns the end.
inline char* write_integer(char* out, std::uint64_t v) noexcept {
  out += count_digits(v);
  write_digits_before(out, v);
  return out;
}
inline char* write_integer(char* out, std::int64_t v) noexcept {
  auto magnitude = static_cast<std::uint64_t>(v);
  if (v < 0) {
    *out++ = '-';
    magnitude = 0 - magnitude;
  }
  return write_integer(out, magnitude);
}

}  // namespace instrukt_ai::logging::detail::decimal
