// RFC 3339 times as text, the one home for the library and the tools.
// Written: every line's timestamp (write_rfc3339 in detail/line/timestamp.hpp;
// the writer caches write_second_prefix per second), expires=. Read: the
// control file's expires=, the reader's lines and --since/--until, the
// catalog check's time values. Microseconds since the Unix epoch, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace instrukt_ai::logging::detail {

// a / b rounded down (a time before 1970 is in the second before it).
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

// "YYYY-MM-DDTHH:MM:SS." (20 characters) for a whole second since the epoch.
void write_second_prefix(char* out, std::int64_t second) noexcept;

// `YYYY-MM-DD?HH:MM:SS` at the start of s, `?` one of `separators`: seconds
// since the epoch; `used` is left after the seconds.
std::optional<std::int64_t> date_time_seconds(std::string_view s, std::string_view separators,
                                              std::size_t& used) noexcept;

// A fraction `.ddd` at s[at]: its microseconds (0 when there is none); `at` moves past it.
std::int64_t fraction_micros(std::string_view s, std::size_t& at) noexcept;

// A whole RFC 3339 time: `2026-11-24T07:03:28Z`, a fraction allowed, `+01:00`
// (or `-05:00`) in the place of Z; a space may stand for the T. Anything else
// (a missing zone, trailing text) is none.
std::optional<std::int64_t> parse_rfc3339(std::string_view text) noexcept;

}  // namespace instrukt_ai::logging::detail
