// logfmt values, written as go-logfmt writes them, and read back.
//
// A value is quoted when it is empty or holds a byte <= 0x20, '=', '"', 0x7f,
// U+FFFD or invalid UTF-8. Inside quotes: \\ \" \n \r \t, \u00XX for other
// control bytes (0x7f too), and \ufffd for each byte of invalid UTF-8. The
// string `null` is written "null" so that it never reads as a missing value.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace instrukt_ai::logging {
namespace detail {
class line_buffer;
}

namespace logfmt {

// Appended after a value cut at max_value_bytes.
inline constexpr std::string_view truncation_marker = "\xE2\x80\xA6(truncated)";

// Appends `value` (cut on a UTF-8 boundary at max_bytes, then marked) in logfmt form.
void append_value(logging::detail::line_buffer& out, std::string_view value,
                  std::size_t max_bytes = static_cast<std::size_t>(-1));

// Appends a value that was cut after `prefix`: an incomplete UTF-8 sequence at
// its end is dropped and the truncation marker added.
void append_cut_value(logging::detail::line_buffer& out, std::string_view prefix);

// The logfmt form of one value, as a string (convenience for tools and tests).
std::string encode_value(std::string_view value, std::size_t max_bytes = static_cast<std::size_t>(-1));

struct pair {
  std::string key;
  std::string value;
  bool quoted = false;  // distinguishes `k=""`/`k="null"` from bare forms
  bool has_value = true;  // false for a bare key with no '='
};

struct parse_error {
  std::size_t column;  // 0-based byte offset in the line
  std::string message;
};

// Ends a line that a failed write cut and the writer could not take back
// (reliability.md): `...partial text "<cut>"`. A quote where a key starts is
// invalid logfmt, and no valid line ends so (inside a quoted value a quote is
// escaped), so any logfmt parser rejects it; parse_line says why.
inline constexpr std::string_view cut_line_marker = " \"<cut>\"";

// Reads a line's pairs one at a time without copying: keys and values are
// views into the line, a quoted value still escaped (unquote() decodes it).
// Escapes are checked as they are read, so unquote() cannot fail. Tools that
// need a few keys of many lines (instrukt-ai-logs) stop early and allocate
// nothing; parse_line() is this loop plus the copies.
struct pair_view {
  std::string_view key;
  std::string_view raw_value;  // between the quotes when quoted
  bool quoted = false;
  bool has_value = true;
};
class pair_reader {
 public:
  explicit pair_reader(std::string_view line) noexcept : s_(line) {}
  // The next pair; false at the end of the line or at a syntax error (error() says which).
  bool next(pair_view& out);
  const std::optional<parse_error>& error() const noexcept { return error_; }

 private:
  bool fail(const char* message);
  bool skip_quoted();

  std::string_view s_;
  std::size_t i_ = 0;
  std::optional<parse_error> error_;
};

// Decodes a quoted value's escapes into `out` (replacing its contents).
void unquote(std::string_view raw_value, std::string& out);
// A pair's value as text: the view itself when bare, else decoded into scratch.
inline std::string_view value_text(const pair_view& p, std::string& scratch) {
  if (!p.quoted) return p.raw_value;
  unquote(p.raw_value, scratch);
  return scratch;
}

// Splits one line into pairs. A bare word (such as the leading timestamp) is a
// pair with has_value == false. Quoted values are unescaped.
struct parsed_line {
  std::vector<pair> pairs;
  std::optional<parse_error> error;
};
parsed_line parse_line(std::string_view line);
// The same into an existing result, reusing its storage (for many lines).
void parse_line(std::string_view line, parsed_line& into);

}  // namespace logfmt
}  // namespace instrukt_ai::logging
