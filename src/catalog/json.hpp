// JSON for catalog files and the reader's --format json, through nlohmann/json
// (Debian's nlohmann-json3-dev, header-only, used only in src/ and tools/):
// a value tree whose values know where they start, so that errors say where,
// by line and column; and string escaping.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace instrukt_ai::logging::detail::json {

struct member;

struct value {
  enum class kind { null, boolean, number, string, array, object } type = kind::null;
  bool boolean = false;
  double number = 0;
  std::string text;
  std::vector<value> items;                            // array
  std::vector<member> members;                         // object, in file order
  std::size_t offset = 0;                              // where it starts in the text

  const value* get(std::string_view key) const noexcept;
};

// A pair of its own, not std::pair: value is incomplete where its members are
// declared, and Clang's checks of std::pair need it complete.
struct member {
  std::string first;
  value second;
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
