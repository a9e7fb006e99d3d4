// RFC 3339 times as text, read: the control file's expires= and the reader's
// --since/--until. Microseconds since the Unix epoch, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace instrukt_ai::logging::detail {

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
