// Appends a number to a line: integers in decimal, floating point in the
// shortest form that reads back to the same value.
#pragma once

#include <instrukt_ai/logging/detail/line/decimal.hpp>
#include <instrukt_ai/logging/detail/line/float_text.hpp>
#include <instrukt_ai/logging/detail/line/line_buffer.hpp>

#include <cstdint>
#include <type_traits>

namespace instrukt_ai::logging::detail {

template <class T>
  requires std::is_arithmetic_v<T>
void append_number(line_buffer& out, T v) {
  out.reserve_more(max_float_chars);  // >= decimal::max_integer_chars + sign
  char* const start = out.cursor();
  char* end;
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) end = write_shortest(start, v);
  else if constexpr (std::is_floating_point_v<T>) end = write_shortest(start, static_cast<double>(v));
  else if constexpr (std::is_signed_v<T>) end = decimal::write_integer(start, static_cast<std::int64_t>(v));
  else end = decimal::write_integer(start, static_cast<std::uint64_t>(v));
  out.advance(static_cast<std::size_t>(end - start));
}

}  // namespace instrukt_ai::logging::detail
