// UTF-8 decoding as Go's utf8.DecodeRune does it: an invalid sequence is one
// byte long and decodes as U+FFFD.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace instrukt_ai::logging::logfmt::utf8 {

inline constexpr char32_t replacement_char = 0xFFFD;

struct decoded {
  char32_t rune;
  std::size_t size;
  bool valid;
};

inline decoded decode_rune(const unsigned char* p, std::size_t n) noexcept {
  const unsigned b0 = p[0];
  if (b0 < 0x80) return {b0, 1, true};
  auto cont = [&](std::size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return i < n && p[i] >= lo && p[i] <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1))
    return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (p[1] & 0x3F)), 2, true};
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
    if (cont(1, lo, hi) && cont(2))
      return {static_cast<char32_t>(((b0 & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F)), 3, true};
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (cont(1, lo, hi) && cont(2) && cont(3))
      return {static_cast<char32_t>(((b0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) |
                                    (p[3] & 0x3F)),
              4, true};
  }
  return {replacement_char, 1, false};
}

// Appends the UTF-8 form of a code point (U+FFFD for surrogates and > U+10FFFF).
template <class Out>
void append_utf8(Out& out, char32_t c) {
  if (c >= 0xD800 && c <= 0xDFFF) c = replacement_char;
  if (c > 0x10FFFF) c = replacement_char;
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace instrukt_ai::logging::logfmt::utf8
