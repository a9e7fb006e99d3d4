#include "line_format.hpp"

#include <instrukt_ai/logging/detail/line/decimal.hpp>
#include <instrukt_ai/logging/detail/line/timestamp.hpp>
#include <instrukt_ai/logging/detail/record/record.hpp>

#include <array>
#include <cstring>

namespace instrukt_ai::logging::detail {
namespace {

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

// The per-line part of the timestamp.
void put_micros(char* out, unsigned us) noexcept { decimal::write_fixed_width(out, us, 6); }

// "YYYY-MM-DDTHH:MM:SS." for a whole second since the epoch.
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

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

constexpr std::array<std::string_view, 6> level_fragments{
    " level=TRACE", " level=DEBUG", " level=INFO", " level=WARNING", " level=ERROR", " level=CRITICAL"};

}  // namespace

void write_rfc3339(char* out, std::int64_t unix_ns) noexcept {
  const std::int64_t second = floor_div(unix_ns, 1'000'000'000);
  write_second_prefix(out, second);
  put_micros(out + 20, static_cast<unsigned>((unix_ns - second * 1'000'000'000) / 1000));
  out[26] = 'Z';
}

void line_formatter::append_time(line_buffer& out, std::int64_t unix_ns) {
  const std::int64_t second = floor_div(unix_ns, 1'000'000'000);
  if (second != cached_second_) {
    write_second_prefix(cached_prefix_, second);
    cached_second_ = second;
  }
  out.reserve_more(rfc3339_length);
  char* p = out.cursor();
  std::memcpy(p, cached_prefix_, sizeof cached_prefix_);
  put_micros(p + 20, static_cast<unsigned>((unix_ns - second * 1'000'000'000) / 1000));
  p[26] = 'Z';
  out.advance(rfc3339_length);
}

std::size_t line_formatter::append_line(line_buffer& out, const std::byte* record, std::int64_t unix_ns) {
  std::uint64_t tag;
  take(record, tag);
  const descriptor& d = *record_descriptor(tag);
  const logger_entry& logger = logger_registry::instance().by_id(record_logger_id(tag));

  append_time(out, unix_ns);
  out.append(level_fragments[static_cast<std::size_t>(d.severity)]);
  out.append(logger.logger_fragment);
  out.append(d.msg_fragment);
  format_context ctx{out, scratch_, max_value_bytes_, in_signal_handler_, d.keys};
  const std::byte* end = d.format_fields(record + record_header_size, ctx);
  out.push_back('\n');
  return align_record(static_cast<std::size_t>(end - record));
}

}  // namespace instrukt_ai::logging::detail
