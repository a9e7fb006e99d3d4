#include "time_text.hpp"

#include <instrukt_ai/logging/detail/line/timestamp.hpp>

#include "line/rfc3339.hpp"

#include <chrono>
#include <cstring>
#include <limits>

namespace instrukt_ai::logs {
using logging::detail::date_time_seconds;
using logging::detail::fraction_micros;

std::optional<micros> line_time(std::string_view line) noexcept {
  // Runs for every line a scan reads. Lines come in time order, so the
  // minute (`YYYY-MM-DDTHH:MM`) is usually the last line's: only the seconds
  // and the fraction are read then.
  static constexpr micros no_minute = std::numeric_limits<micros>::min();
  struct minute {
    char text[16];
    micros start = no_minute;
  };
  thread_local minute last;
  if (line.size() < 20 || line[4] != '-' || line[10] != 'T' || line[16] != ':') return std::nullopt;
  const char* p = line.data();
  const unsigned s1 = static_cast<unsigned char>(p[17]) - '0', s2 = static_cast<unsigned char>(p[18]) - '0';
  if (s1 > 6 || s2 > 9) return std::nullopt;
  micros start;
  if (last.start != no_minute && std::memcmp(p, last.text, 16) == 0) {
    start = last.start;
  } else {
    std::size_t used;
    const auto secs = date_time_seconds(line, "T", used);  // checks the whole date and time
    if (!secs) return std::nullopt;
    start = (*secs - (s1 * 10 + s2)) * micros{1'000'000};
    std::memcpy(last.text, p, 16);
    last.start = start;
  }
  const micros second = start + (s1 * 10 + s2) * micros{1'000'000};
  if (line.size() >= 27 && p[19] == '.' && p[26] == 'Z' && (line.size() == 27 || p[27] == ' ')) {
    micros us = 0;  // the writer's six digits
    for (int i = 20; i < 26; ++i) {
      const unsigned digit = static_cast<unsigned char>(p[i]) - '0';
      if (digit > 9) return std::nullopt;
      us = us * 10 + digit;
    }
    return second + us;
  }
  std::size_t at = 19;
  const micros us = fraction_micros(line, at);
  if (at >= line.size() || line[at] != 'Z') return std::nullopt;
  if (at + 1 < line.size() && line[at + 1] != ' ') return std::nullopt;
  return second + us;
}

std::optional<micros> parse_when(std::string_view text, micros now) noexcept {
  if (text.empty()) return std::nullopt;
  // A duration: digits and one unit.
  if (text[0] >= '0' && text[0] <= '9' && (text.size() < 5 || text[4] != '-')) {
    std::int64_t n = 0;
    std::size_t i = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      n = n * 10 + (text[i] - '0');
      if (n > 100'000'000) return std::nullopt;
    }
    if (i + 1 != text.size()) return std::nullopt;
    std::int64_t unit;
    switch (text[i]) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      default: return std::nullopt;
    }
    return now - n * unit * 1'000'000;
  }
  // A date alone: its midnight, UTC.
  if (text.size() == 10) {
    std::string full(text);
    full += "T00:00:00Z";
    return parse_when(full, now);
  }
  return logging::detail::parse_rfc3339(text);
}

micros now_micros() noexcept {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string format_time(micros t) {
  std::string out(logging::detail::rfc3339_length, '\0');
  logging::detail::write_rfc3339(out.data(), t * 1000);  // the writer's own timestamp text
  return out;
}

}  // namespace instrukt_ai::logs
