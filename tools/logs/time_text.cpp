#include "time_text.hpp"

#include <instrukt_ai/logging/detail/line/timestamp.hpp>

#include <chrono>
#include <cstring>
#include <limits>

namespace instrukt_ai::logs {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) noexcept {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// `YYYY-MM-DD?HH:MM:SS` at the start of s (sep: the characters allowed for ?);
// returns the seconds since the epoch and leaves `used` after the seconds.
std::optional<micros> date_time(std::string_view s, std::string_view seps, std::size_t& used) noexcept {
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || seps.find(s[10]) == std::string_view::npos || !digits(s, 11, 2, h) || s[13] != ':' ||
      !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  used = 19;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * 60 + se;
}

// A fraction `.ddd` at s[at]: its microseconds; `at` moves past it.
micros fraction(std::string_view s, std::size_t& at) noexcept {
  if (at >= s.size() || s[at] != '.') return 0;
  ++at;
  micros us = 0;
  int n = 0;
  for (; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, ++n)
    if (n < 6) us = us * 10 + (s[at] - '0');
  for (; n < 6; ++n) us *= 10;
  return us;
}

}  // namespace

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
    const auto secs = date_time(line, "T", used);  // checks the whole date and time
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
  const micros us = fraction(line, at);
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
  std::size_t at;
  const auto secs = date_time(text, "Tt ", at);
  if (!secs) return std::nullopt;
  const micros us = fraction(text, at);
  micros offset = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    int oh, om;
    if (!digits(text, at + 1, 2, oh) || at + 3 >= text.size() || text[at + 3] != ':' || !digits(text, at + 4, 2, om) ||
        oh > 23 || om > 59)
      return std::nullopt;
    offset = (oh * 3600 + om * 60) * micros{1'000'000} * (text[at] == '+' ? 1 : -1);
    at += 6;
  } else {
    return std::nullopt;  // RFC 3339 needs the zone: Z or an offset
  }
  if (at != text.size()) return std::nullopt;
  return *secs * 1'000'000 + us - offset;
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
