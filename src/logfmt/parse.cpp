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

class parser {
 public:
  explicit parser(std::string_view line) : s_(line) {}

  // Fills result, reusing its pairs' storage.
  void run(parsed_line& result) {
    result.error.reset();
    std::size_t used = 0;
    while (true) {
      while (i_ < s_.size() && static_cast<unsigned char>(s_[i_]) <= ' ') ++i_;
      if (i_ >= s_.size()) break;
      pair& p = used < result.pairs.size() ? result.pairs[used] : result.pairs.emplace_back();
      ++used;
      p.key.clear();
      p.value.clear();
      p.quoted = false;
      p.has_value = true;
      if (!read_key(p.key)) return fail(result, used - 1);
      if (i_ < s_.size() && s_[i_] == '=') {
        ++i_;
        if (i_ < s_.size() && s_[i_] == '"') {
          p.quoted = true;
          if (!read_quoted(p.value)) return fail(result, used - 1);
        } else if (!read_bare(p.value)) {
          return fail(result, used - 1);
        }
      } else {
        p.has_value = false;
      }
    }
    result.pairs.resize(used);
  }

 private:
  // The pairs before the bad one are kept.
  void fail(parsed_line& r, std::size_t good) {
    r.pairs.resize(good);
    r.error = parse_error{i_, std::move(message_)};
  }
  bool error(std::string m) {
    message_ = std::move(m);
    return false;
  }

  bool read_key(std::string& key) {
    const std::size_t start = i_;
    while (i_ < s_.size() && static_cast<unsigned char>(s_[i_]) > ' ' && s_[i_] != '=') {
      if (s_[i_] == '"') return error("unexpected '\"' in key");
      ++i_;
    }
    if (i_ == start) return error("expected a key before '='");
    key.assign(s_.substr(start, i_ - start));
    return true;
  }

  bool read_bare(std::string& value) {
    const std::size_t start = i_;
    while (i_ < s_.size() && static_cast<unsigned char>(s_[i_]) > ' ') {
      if (s_[i_] == '"') return error("unexpected '\"' in unquoted value");
      if (s_[i_] == '=') return error("unexpected '=' in unquoted value");
      ++i_;
    }
    value.assign(s_.substr(start, i_ - start));
    return true;
  }

  bool read_hex4(char32_t& out) {
    if (i_ + 4 > s_.size()) return error("short \\u escape");
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = hex_value(s_[i_ + k]);
      if (h < 0) return error("bad hex digit in \\u escape");
      out = out * 16 + static_cast<char32_t>(h);
    }
    i_ += 4;
    return true;
  }

  bool read_quoted(std::string& value) {
    ++i_;  // opening quote
    while (true) {
      if (i_ >= s_.size()) return error("unterminated quoted value");
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        break;
      }
      if (c != '\\') {
        value.push_back(c);
        ++i_;
        continue;
      }
      if (++i_ >= s_.size()) return error("unterminated escape");
      const char e = s_[i_++];
      switch (e) {
        case '\\': value.push_back('\\'); break;
        case '"': value.push_back('"'); break;
        case '/': value.push_back('/'); break;
        case 'n': value.push_back('\n'); break;
        case 'r': value.push_back('\r'); break;
        case 't': value.push_back('\t'); break;
        case 'b': value.push_back('\b'); break;
        case 'f': value.push_back('\f'); break;
        case 'u': {
          char32_t cp;
          if (!read_hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && i_ + 6 <= s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
            const std::size_t save = i_;
            i_ += 2;
            char32_t low;
            if (read_hex4(low) && low >= 0xDC00 && low <= 0xDFFF)
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            else
              i_ = save;
          }
          utf8::append_utf8(value, cp);
          break;
        }
        default: return error(std::string("unknown escape \\") + e);
      }
    }
    if (i_ < s_.size() && static_cast<unsigned char>(s_[i_]) > ' ')
      return error("expected a space after the closing quote");
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string message_;
};

}  // namespace

parsed_line parse_line(std::string_view line) {
  parsed_line result;
  parse_line(line, result);
  return result;
}

void parse_line(std::string_view line, parsed_line& into) {
  if (line.ends_with(cut_line_marker)) {  // its last value may look whole and be wrong: no pairs
    into.pairs.clear();
    into.error = parse_error{line.size() - cut_line_marker.size() + 1,
                             "the line was cut by a failed write (it ends with \"<cut>\")"};
    return;
  }
  parser(line).run(into);
}

}  // namespace instrukt_ai::logging::logfmt
