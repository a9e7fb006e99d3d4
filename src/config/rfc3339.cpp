#include "rfc3339.hpp"

namespace instrukt_ai::logging::detail {
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

}  // namespace

std::optional<std::int64_t> date_time_seconds(std::string_view s, std::string_view separators,
                                              std::size_t& used) noexcept {
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || separators.find(s[10]) == std::string_view::npos || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  used = 19;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * 60 + se;
}

std::int64_t fraction_micros(std::string_view s, std::size_t& at) noexcept {
  if (at >= s.size() || s[at] != '.') return 0;
  ++at;
  std::int64_t us = 0;
  int n = 0;
  for (; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, ++n)
    if (n < 6) us = us * 10 + (s[at] - '0');
  for (; n < 6; ++n) us *= 10;
  return us;
}

std::optional<std::int64_t> parse_rfc3339(std::string_view text) noexcept {
  std::size_t at;
  const auto secs = date_time_seconds(text, "Tt ", at);
  if (!secs) return std::nullopt;
  const std::int64_t us = fraction_micros(text, at);
  std::int64_t offset = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    int oh, om;
    if (!digits(text, at + 1, 2, oh) || at + 3 >= text.size() || text[at + 3] != ':' || !digits(text, at + 4, 2, om) ||
        oh > 23 || om > 59)
      return std::nullopt;
    offset = (oh * 3600 + om * 60) * std::int64_t{1'000'000} * (text[at] == '+' ? 1 : -1);
    at += 6;
  } else {
    return std::nullopt;  // RFC 3339 needs the zone: Z or an offset
  }
  if (at != text.size()) return std::nullopt;
  return *secs * 1'000'000 + us - offset;
}

}  // namespace instrukt_ai::logging::detail
