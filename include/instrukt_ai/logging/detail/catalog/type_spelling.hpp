// A type's name as C++ source spells it, from the compiler's own
// __PRETTY_FUNCTION__ (GCC: "[with T = ns::Type; ...]", Clang: "[T = ns::Type]"),
// for code generated from a catalog (catalog_descriptors.hpp).
#pragma once

#include <cstddef>
#include <string_view>

namespace instrukt_ai::logging::detail {

template <class T>
constexpr std::string_view spelled_function() {
  return {__PRETTY_FUNCTION__, sizeof(__PRETTY_FUNCTION__) - 1};
}

// T's spelling, or empty when the compiler's text is not understood.
template <class T>
constexpr std::string_view type_spelling() {
  const std::string_view s = spelled_function<T>();
  const std::size_t at = s.find("T = ");
  if (at == std::string_view::npos) return {};
  std::size_t end = at + 4;
  for (int depth = 0; end < s.size(); ++end) {
    const char c = s[end];
    if (c == '<' || c == '(' || c == '[') ++depth;
    else if ((c == '>' || c == ')') && depth > 0) --depth;
    else if (depth == 0 && (c == ';' || c == ']')) break;
  }
  return s.substr(at + 4, end - at - 4);
}

// Whether other TUs can name the type: not in an anonymous namespace (GCC
// "{anonymous}::", Clang "(anonymous namespace)::"), not local to a function
// ("f()::Local"). A function type among template arguments is refused too.
constexpr bool nameable_elsewhere(std::string_view spelling) {
  return !spelling.empty() && spelling.find_first_of("({") == std::string_view::npos;
}

}  // namespace instrukt_ai::logging::detail
