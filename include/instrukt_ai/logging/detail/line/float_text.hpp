// The shortest text that reads back to the same float or double; the same text
// as fmt's "{}" (0.1, 100, 1e+16, 1.5e-05, -0, nan, -inf), written in place.
#pragma once

#include <cstddef>

namespace instrukt_ai::logging::detail {

// The room write_shortest needs at out; the text itself is at most 24 chars.
inline constexpr std::size_t max_float_chars = 48;

// Writes v at out; returns the end.
char* write_shortest(char* out, double v) noexcept;
char* write_shortest(char* out, float v) noexcept;

}  // namespace instrukt_ai::logging::detail
