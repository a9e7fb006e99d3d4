#include "rfc3339.hpp"

#include <instrukt_ai/logging/detail/line/decimal.hpp>
#include <instrukt_ai/logging/detail/line/timestamp.hpp>

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

// Days since 1970-01-01 to civil date (Howard Hinnant's algorithm).
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

}  // namespace

void write_second_prefix(char* out, std::int64_t second) noexcept {
  std::int64_t days = second / 86400;
  std::int64_t rem = second % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  decimal::write_fixed_width(out, static_cast<unsigned>(y < 0 ? 0 : y > 9999 ? 9999 : y), 4);
  out[4] = '-';
  decimal::write_fixed_width(out + 5, m, 2);
  out[7] = '-';
  decimal::write_fixed_width(out + 8, d, 2);
  out[10] = 'T';
  decimal::write_fixed_width(out + 11, static_cast<unsigned>(rem / 3600), 2);
  out[13] = ':';
  decimal::write_fixed_width(out + 14, static_cast<unsigned>(rem / 60 % 60), 2);
  out[16] = ':';
  decimal::write_fixed_width(out + 17, static_cast<unsigned>(rem % 60), 2);
  out[19] = '.';
}

void write_rfc3339(char* out, std::int64_t unix_ns) noexcept {
  const std::int64_t second = floor_div(unix_ns, 1'000'000'000);
  write_second_prefix(out, second);
  decimal::write_fixed_width(out + 20, static_cast<unsigned>((unix_ns - second * 1'000'000'000) / 1000), 6);
  out[26] = 'Z';
}

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
