// The spelling rules for event names and field keys.
#pragma once

#include <array>
#include <string_view>

namespace instrukt_ai::logging::detail {

// snake_case: lower-case words of [a-z0-9], joined by single underscores,
// starting with a letter.
constexpr bool is_snake_case(std::string_view s) {
  if (s.empty() || s.front() < 'a' || s.front() > 'z' || s.back() == '_') return false;
  char prev = 0;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok || (c == '_' && prev == '_')) return false;
    prev = c;
  }
  return true;
}

// Keys the line layout writes itself; a field may not use them.
inline constexpr std::array<std::string_view, 4> reserved_keys{"level", "logger", "msg", "exc"};

constexpr bool is_reserved_key(std::string_view key) {
  for (auto r : reserved_keys)
    if (r == key) return true;
  return false;
}

}  // namespace instrukt_ai::logging::detail
