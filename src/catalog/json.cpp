#include "json.hpp"

#include "../logfmt/utf8.hpp"

#include <instrukt_ai/logging/catalog_model.hpp>

#include <fmt/format.h>

#include <cstdlib>

namespace instrukt_ai::logging::detail::json {
namespace {

class parser {
 public:
  explicit parser(std::string_view text) : s_(text) {}

  value document() {
    value v = any(0);
    skip_space();
    if (i_ != s_.size()) fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(std::string_view what) const {
    throw catalog_format_error(fmt::format("{}: {}", position(s_, i_), what));
  }

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  bool take(char c) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }

  void expect(char c, std::string_view where) {
    if (!take(c)) fail(fmt::format("expected '{}' {}", c, where));
  }

  value any(int depth) {
    if (depth > 64) fail("nested too deeply");
    skip_space();
    if (i_ >= s_.size()) fail("unexpected end of the file");
    value v;
    v.offset = i_;
    const char c = s_[i_];
    if (c == '{') {
      v.type = value::kind::object;
      ++i_;
      if (take('}')) return v;
      do {
        skip_space();
        if (i_ >= s_.size() || s_[i_] != '"') fail("expected a quoted member name");
        std::string key = string();
        expect(':', "after a member name");
        v.members.emplace_back(std::move(key), any(depth + 1));
      } while (take(','));
      expect('}', "to close the object");
    } else if (c == '[') {
      v.type = value::kind::array;
      ++i_;
      if (take(']')) return v;
      do v.items.push_back(any(depth + 1));
      while (take(','));
      expect(']', "to close the array");
    } else if (c == '"') {
      v.type = value::kind::string;
      v.text = string();
    } else if (s_.substr(i_, 4) == "true" || s_.substr(i_, 5) == "false") {
      v.type = value::kind::boolean;
      v.boolean = s_[i_] == 't';
      i_ += v.boolean ? 4 : 5;
    } else if (s_.substr(i_, 4) == "null") {
      i_ += 4;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.type = value::kind::number;
      const std::size_t start = i_;
      while (i_ < s_.size() && std::string_view("+-0123456789.eE").find(s_[i_]) != std::string_view::npos) ++i_;
      const std::string digits(s_.substr(start, i_ - start));
      char* end = nullptr;
      v.number = std::strtod(digits.c_str(), &end);
      if (end != digits.c_str() + digits.size()) fail("malformed number");
    } else {
      fail("expected a JSON value");
    }
    return v;
  }

  std::string string() {
    ++i_;  // the opening quote
    std::string out;
    while (true) {
      if (i_ >= s_.size()) fail("unterminated string");
      const char c = s_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) fail("unterminated string");
      switch (const char e = s_[i_++]) {
        case '"': case '\\': case '/': out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          if (i_ + 4 > s_.size()) fail("short \\u escape");
          const std::string hex(s_.substr(i_, 4));
          char* end = nullptr;
          const unsigned long cp = std::strtoul(hex.c_str(), &end, 16);
          if (end != hex.c_str() + 4) fail("malformed \\u escape");
          i_ += 4;
          if (cp < 0x80) {
            out += static_cast<char>(cp);
          } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          } else {  // surrogates are kept as their own code points; catalogs are ASCII
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          }
          break;
        }
        default: fail("unknown escape in a string");
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

const value* value::get(std::string_view key) const noexcept {
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

std::string_view kind_name(value::kind k) noexcept {
  switch (k) {
    case value::kind::null: return "null";
    case value::kind::boolean: return "a boolean";
    case value::kind::number: return "a number";
    case value::kind::string: return "a string";
    case value::kind::array: return "an array";
    case value::kind::object: return "an object";
  }
  return "?";
}

std::string position(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t k = 0; k < offset && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("line {}, column {}", line, column);
}

value parse(std::string_view text) {
  return parser(text).document();
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (p[i] >= 0x80) {  // valid UTF-8 as it is; an invalid byte as U+FFFD, so the JSON is always valid
      const auto d = logfmt::utf8::decode_rune(p + i, s.size() - i);
      if (d.valid)
        out.append(s.substr(i, d.size));
      else
        out += "\\ufffd";
      i += d.size;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else out += c;
    }
    ++i;
  }
  out += '"';
}

}  // namespace instrukt_ai::logging::detail::json
