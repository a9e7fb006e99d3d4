// logfmt line parsing, the inverse of encode.cpp (and of go-logfmt's encoder).
#include "utf8.hpp"

#include <instrukt_ai/logging/logfmt.hpp>

namespace instrukt_ai::logging::logfmt {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_hex4(std::string_view s, std::size_t at) {
  if (at + 4 > s.size()) return false;
  for (std::size_t k = 0; k < 4; ++k)
    if (hex_value(s[at + k]) < 0) return false;
  return true;
}

char32_t hex4(std::string_view s, std::size_t at) {
  char32_t out = 0;
  for (std::size_t k = 0; k < 4; ++k) out = out * 16 + static_cast<char32_t>(hex_value(s[at + k]));
  return out;
}

bool is_space(char c) { return static_cast<unsigned char>(c) <= ' '; }

}  // namespace

bool pair_reader::fail(const char* message) {
  error_ = parse_error{i_, message};
  return false;
}

bool pair_reader::next(pair_view& p) {
  if (error_) return false;
  while (i_ < s_.size() && is_space(s_[i_])) ++i_;
  if (i_ >= s_.size()) return false;
  const std::size_t key_start = i_;
  while (i_ < s_.size() && !is_space(s_[i_]) && s_[i_] != '=') {
    if (s_[i_] == '"') return fail("unexpected '\"' in key");
    ++i_;
  }
  if (i_ == key_start) return fail("expected a key before '='");
  p.key = s_.substr(key_start, i_ - key_start);
  p.quoted = false;
  p.has_value = i_ < s_.size() && s_[i_] == '=';
  if (!p.has_value) {
    p.raw_value = {};
    return true;
  }
  ++i_;
  if (i_ < s_.size() && s_[i_] == '"') {
    p.quoted = true;
    const std::size_t start = i_ + 1;
    if (!skip_quoted()) return false;
    p.raw_value = s_.substr(start, i_ - 1 - start);
    if (i_ < s_.size() && !is_space(s_[i_])) return fail("expected a space after the closing quote");
    return true;
  }
  const std::size_t start = i_;
  while (i_ < s_.size() && !is_space(s_[i_])) {
    if (s_[i_] == '"') return fail("unexpected '\"' in unquoted value");
    if (s_[i_] == '=') return fail("unexpected '=' in unquoted value");
    ++i_;
  }
  p.raw_value = s_.substr(start, i_ - start);
  return true;
}

// Moves past a quoted value, checking its escapes; i_ ends after the closing quote.
bool pair_reader::skip_quoted() {
  ++i_;  // opening quote
  while (true) {
    if (i_ >= s_.size()) return fail("unterminated quoted value");
    const char c = s_[i_];
    if (c == '"') {
      ++i_;
      return true;
    }
    if (c != '\\') {
      ++i_;
      continue;
    }
    if (++i_ >= s_.size()) return fail("unterminated escape");
    const char e = s_[i_++];
    switch (e) {
      case '\\': case '"': case '/': case 'n': case 'r': case 't': case 'b': case 'f': break;
      case 'u':
        if (i_ + 4 > s_.size()) return fail("short \\u escape");
        if (!is_hex4(s_, i_)) return fail("bad hex digit in \\u escape");
        i_ += 4;
        break;
      default:
        error_ = parse_error{i_, std::string("unknown escape \\") + e};
        return false;
    }
  }
}

void unquote(std::string_view s, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c != '\\') {
      const std::size_t run = s.find('\\', i);
      const std::size_t end = run == std::string_view::npos ? s.size() : run;
      out.append(s.data() + i, end - i);
      i = end;
      continue;
    }
    const char e = s[i + 1];
    i += 2;
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        char32_t cp = hex4(s, i);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= s.size() && s[i] == '\\' && s[i + 1] == 'u' &&
            is_hex4(s, i + 2)) {
          const char32_t low = hex4(s, i + 2);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        utf8::append_utf8(out, cp);
        break;
      }
      default: out.push_back(e); break;  // \\ \" \/
    }
  }
}

parsed_line parse_line(std::string_view line) {
  parsed_line result;
  parse_line(line, result);
  return result;
}

void parse_line(std::string_view line, parsed_line& into) {
  into.error.reset();
  if (line.ends_with(cut_line_marker)) {  // its last value may look whole and be wrong: no pairs
    into.pairs.clear();
    into.error = parse_error{line.size() - cut_line_marker.size() + 1,
                             "the line was cut by a failed write (it ends with \"<cut>\")"};
    return;
  }
  pair_reader reader(line);
  pair_view view;
  std::size_t used = 0;
  while (reader.next(view)) {
    pair& p = used < into.pairs.size() ? into.pairs[used] : into.pairs.emplace_back();
    ++used;
    p.key.assign(view.key);
    if (view.quoted)
      unquote(view.raw_value, p.value);
    else
      p.value.assign(view.raw_value);
    p.quoted = view.quoted;
    p.has_value = view.has_value;
  }
  into.pairs.resize(used);
  into.error = reader.error();
}

}  // namespace instrukt_ai::logging::logfmt
