// RFC 3339 UTC timestamps with microseconds: 2026-11-24T07:03:28.775123Z
#pragma once

#include <instrukt_ai/logging/detail/line/line_buffer.hpp>

#include <cstdint>

namespace instrukt_ai::logging::detail {

inline constexpr std::size_t rfc3339_length = 27;

// Writes exactly rfc3339_length chars for nanoseconds since the Unix epoch
// (microseconds kept, rounded down).
void write_rfc3339(char* out, std::int64_t unix_ns) noexcept;

inline void append_rfc3339(line_buffer& out, std::int64_t unix_ns) {
  out.reserve_more(rfc3339_length);
  write_rfc3339(out.cursor(), unix_ns);
  out.advance(rfc3339_length);
}

}  // namespace instrukt_ai::logging::detail
