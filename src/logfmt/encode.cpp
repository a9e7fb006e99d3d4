// logfmt value encoding (see logfmt.hpp for the rules).
#include "utf8.hpp"

#include <instrukt_ai/logging/detail/line/line_buffer.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include <array>
#include <cstring>

namespace instrukt_ai::logging::logfmt {
namespace {

using logging::detail::line_buffer;

// 0: written as is; 1: forces quotes; 2: non-ASCII, needs UTF-8 decoding.
constexpr std::array<std::uint8_t, 256> byte_class = [] {
  std::array<std::uint8_t, 256> t{};
  for (int b = 0; b < 256; ++b) t[b] = b <= 0x20 || b == '=' || b == '"' || b == 0x7f ? 1 : b >= 0x80 ? 2 : 0;
  return t;
}();

// Line separators to some readers (NEL, LS, PS): escaped like a '\n', so that
// no reader splits a line on them.
constexpr bool is_separator(char32_t r) noexcept { return r == 0x85 || r == 0x2028 || r == 0x2029; }

// Whether v must be quoted: an ASCII trigger, invalid UTF-8, U+FFFD, or a separator.
bool needs_quotes(std::string_view v) noexcept {
  if (v.empty() || v == "null") return true;
  const auto* p = reinterpret_cast<const unsigned char*>(v.data());
  const std::size_t n = v.size();
  for (std::size_t i = 0; i < n;) {
    const auto c = byte_class[p[i]];
    if (c == 0) {
      ++i;
    } else if (c == 1) {
      return true;
    } else {
      const auto d = utf8::decode_rune(p + i, n - i);
      if (!d.valid || d.rune == utf8::replacement_char || is_separator(d.rune)) return true;
      i += d.size;
    }
  }
  return false;
}

constexpr char hex_digits[] = "0123456789abcdef";

void append_escaped(line_buffer& out, std::string_view v) {
  const auto* p = reinterpret_cast<const unsigned char*>(v.data());
  const std::size_t n = v.size();
  out.reserve_hint(n + 2);
  std::size_t start = 0;
  auto flush_plain = [&](std::size_t i) {
    if (start < i) out.append(v.substr(start, i - start));
  };
  for (std::size_t i = 0; i < n;) {
    const unsigned b = p[i];
    if (b < 0x80) {
      if (b >= 0x20 && b != '\\' && b != '"' && b != 0x7f) {
        ++i;
        continue;
      }
      flush_plain(i);
      switch (b) {
        case '\\': out.append("\\\\"); break;
        case '"': out.append("\\\""); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default: {
          const char u[6] = {'\\', 'u', '0', '0', hex_digits[b >> 4], hex_digits[b & 0xF]};
          out.append({u, 6});
        }
      }
      start = ++i;
      continue;
    }
    const auto d = utf8::decode_rune(p + i, n - i);
    if (!d.valid || d.rune == utf8::replacement_char) {
      flush_plain(i);
      out.append("\\ufffd");
      i += d.size;
      start = i;
      continue;
    }
    if (is_separator(d.rune)) {
      flush_plain(i);
      out.append(d.rune == 0x85 ? "\\u0085" : d.rune == 0x2028 ? "\\u2028" : "\\u2029");
      i += d.size;
      start = i;
      continue;
    }
    i += d.size;
  }
  flush_plain(n);
}

void append_with_suffix(line_buffer& out, std::string_view value, std::string_view suffix) {
  if (needs_quotes(value)) {
    out.push_back('"');
    append_escaped(out, value);
    out.append(suffix);
    out.push_back('"');
  } else {
    out.append(value);
    out.append(suffix);
  }
}

// The longest prefix of v that does not end inside a UTF-8 sequence.
std::string_view complete_prefix(std::string_view v) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(v.data());
  const std::size_t n = v.size();
  std::size_t k = n;
  while (k > 0 && n - k < 4 && (p[k - 1] & 0xC0) == 0x80) --k;
  if (k == 0) return v;
  const unsigned lead = p[k - 1];
  const std::size_t expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  const std::size_t have = n - (k - 1);
  return expected > 1 && have < expected ? v.substr(0, k - 1) : v;
}

}  // namespace

void append_value(line_buffer& out, std::string_view value, std::size_t max_bytes) {
  if (value.size() > max_bytes) {
    append_cut_value(out, value.substr(0, max_bytes));
    return;
  }
  // Fast path: plain ASCII with nothing to quote is copied as is.
  const auto* p = reinterpret_cast<const unsigned char*>(value.data());
  bool plain = !value.empty();
  for (std::size_t i = 0; i < value.size() && plain; ++i) plain = byte_class[p[i]] == 0;
  if (plain && value != "null") {
    out.append(value);
    return;
  }
  append_with_suffix(out, value, {});
}

void append_cut_value(line_buffer& out, std::string_view prefix) {
  append_with_suffix(out, complete_prefix(prefix), truncation_marker);
}

std::string encode_value(std::string_view value, std::size_t max_bytes) {
  line_buffer out(value.size() + 32);
  append_value(out, value, max_bytes);
  return std::string(out.view());
}

}  // namespace instrukt_ai::logging::logfmt
