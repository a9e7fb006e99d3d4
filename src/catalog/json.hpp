// A small JSON reader and writer helpers for catalog files: enough JSON
// (objects, arrays, strings, numbers, true/false/null) with errors that say
// where, by line and column.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace instrukt_ai::logging::detail::json {

struct value {
  enum class kind { null, boolean, number, string, array, object } type = kind::null;
  bool boolean = false;
  double number = 0;
  std::string text;
  std::vector<value> items;                            // array
  std::vector<std::pair<std::string, value>> members;  // object, in file order
  std::size_t offset = 0;                              // where it starts in the text

  const value* get(std::string_view key) const noexcept;
};

std::string_view kind_name(value::kind k) noexcept;

// Throws catalog_format_error ("line L, column C: ...").
value parse(std::string_view text);

// "line L, column C" of a byte offset in text.
std::string position(std::string_view text, std::size_t offset);

// Appends s as a JSON string, quotes included.
void append_string(std::string& out, std::string_view s);
// s as a JSON string, quotes included.
inline std::string quoted(std::string_view s) {
  std::string out;
  append_string(out, s);
  return out;
}

}  // namespace instrukt_ai::logging::detail::json
