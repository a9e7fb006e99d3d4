// A string usable as a template argument, so names can appear in compile errors.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace instrukt_ai::logging::detail {

template <std::size_t N>
struct fixed_string {
  char chars[N + 1]{};
  constexpr fixed_string() = default;
  constexpr fixed_string(const char (&s)[N + 1]) { std::copy_n(s, N + 1, chars); }
  constexpr explicit fixed_string(std::string_view s) { std::copy_n(s.data(), N, chars); }
  constexpr std::string_view view() const { return {chars, N}; }
};
template <std::size_t M>
fixed_string(const char (&)[M]) -> fixed_string<M - 1>;

}  // namespace instrukt_ai::logging::detail
