// What a string value reads back as after a round trip through the line:
// itself when valid UTF-8, else one U+FFFD per bad byte. Written apart from
// the library's own UTF-8 code, so tests do not check it against itself.
#pragma once

#include <cstdint>
#include <string>

namespace test_support {

inline std::string as_read_back(const std::string& s) {
  static const std::string replacement = "\xEF\xBF\xBD";
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    bool ok = n != 0 && i + n <= s.size();
    std::uint32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; ok && k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      ok = (c >> 6) == 2;
      cp = (cp << 6) | (c & 0x3F);
    }
    ok = ok && !(n == 2 && cp < 0x80) && !(n == 3 && cp < 0x800) && !(n == 4 && cp < 0x10000) && cp <= 0x10FFFF &&
         !(cp >= 0xD800 && cp <= 0xDFFF);
    if (ok) {
      out.append(s, i, n);
      i += n;
    } else {
      out += replacement;
      i += 1;
    }
  }
  return out;
}

}  // namespace test_support
