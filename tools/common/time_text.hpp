// Times the reader works with: microseconds since the Unix epoch, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace instrukt_ai::logs {

using micros = std::int64_t;

// The timestamp a line starts with (`2026-11-24T07:03:28.775123Z `), or none
// when the line does not start with one (it continues the line before it).
std::optional<micros> line_time(std::string_view line) noexcept;

// Whether the line starts like a timestamp (a cheap check for group ends).
inline bool starts_with_time(std::string_view line) noexcept {
  auto digit = [&](std::size_t i) { return line[i] >= '0' && line[i] <= '9'; };
  return line.size() >= 20 && digit(0) && digit(3) && line[4] == '-' && line[7] == '-' && line[10] == 'T' &&
         line[13] == ':' && digit(18);
}

// --since/--until: a duration back from now (`30s`, `10m`, `2h`, `1d`) or an
// RFC 3339 time (`2026-11-24T07:03:28Z`, a fraction and a `+01:00` offset
// allowed, a space for the T, or a date alone).
std::optional<micros> parse_when(std::string_view text, micros now) noexcept;

micros now_micros() noexcept;

// `2026-11-24T07:03:28.775123Z`
std::string format_time(micros t);

}  // namespace instrukt_ai::logs
