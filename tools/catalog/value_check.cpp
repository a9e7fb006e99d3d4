#include "value_check.hpp"

#include "line/rfc3339.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>

namespace instrukt_ai::catalog_tool {
namespace {

struct int_range {
  std::string_view name;
  bool is_signed;
  std::int64_t min;
  std::uint64_t max;
};
constexpr int_range int_ranges[] = {
    {"int8", true, INT8_MIN, INT8_MAX},     {"int16", true, INT16_MIN, INT16_MAX},
    {"int32", true, INT32_MIN, INT32_MAX},  {"int64", true, INT64_MIN, INT64_MAX},
    {"uint8", false, 0, UINT8_MAX},         {"uint16", false, 0, UINT16_MAX},
    {"uint32", false, 0, UINT32_MAX},       {"uint64", false, 0, UINT64_MAX},
};

bool digits(std::string_view s, std::size_t from, std::size_t n) noexcept {
  if (from + n > s.size()) return false;
  return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(from), s.begin() + static_cast<std::ptrdiff_t>(from + n),
                     [](char c) { return c >= '0' && c <= '9'; });
}

std::string check_integer(const int_range& r, std::string_view v) {
  const bool negative = !v.empty() && v[0] == '-';
  const std::string_view body = negative ? v.substr(1) : v;
  if (body.empty() || !digits(body, 0, body.size()) || (body.size() > 1 && body[0] == '0') ||
      (negative && body == "0"))
    return fmt::format("\"{}\" is not an integer", v);
  if (negative) {
    std::int64_t x;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc{} || !r.is_signed || x < r.min) return fmt::format("{} is out of range for {}", v, r.name);
  } else {
    std::uint64_t x;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc{} || x > r.max) return fmt::format("{} is out of range for {}", v, r.name);
  }
  return {};
}

bool is_float(std::string_view v) noexcept {
  if (v == "nan" || v == "-nan" || v == "inf" || v == "-inf") return true;
  if (v.empty() || v.front() == '+') return false;
  double x;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  return end == v.data() + v.size() && (ec == std::errc{} || ec == std::errc::result_out_of_range);
}

std::size_t code_points(std::string_view s) noexcept {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

bool is_line_time(std::string_view s) noexcept {
  // 2026-11-24T07:03:28.775123Z: the writer's form, read by the library's parser.
  std::size_t used = 0;
  return s.size() == 27 && s[19] == '.' && s[26] == 'Z' && digits(s, 20, 6) &&
         logging::detail::date_time_seconds(s, "T", used).has_value();
}

std::string check_value(const logging::catalog_value& type, std::string_view v, bool quoted) {
  const std::string_view t = type.type;
  if (t == "string" || t == "formatted") return {};
  if (t == "optional") {
    if (v == "null" && !quoted) return {};
    return type.of.empty() ? std::string{} : check_value(type.of.front(), v, quoted);
  }
  if (t == "payload" || t == "id") return type.of.empty() ? std::string{} : check_value(type.of.front(), v, quoted);
  if (t == "redacted") {
    const bool fingerprint = v.size() == 15 && v.substr(0, 7) == "sha256:" &&
                             v.find_first_not_of("0123456789abcdef", 7) == std::string_view::npos;
    if (type.mode == "fingerprint" ? fingerprint : v == "***") return {};
    return fmt::format("\"{}\" is not a redacted value ({})", v, type.mode == "fingerprint" ? "sha256:<8 hex digits>" : "***");
  }
  if (t == "char") return code_points(v) == 1 ? std::string{} : fmt::format("\"{}\" is not one character", v);
  if (quoted) return fmt::format("\"{}\" is quoted; a {} is written bare", v, t);
  for (const auto& r : int_ranges)
    if (t == r.name) return check_integer(r, v);
  if (t == "float" || t == "double") return is_float(v) ? std::string{} : fmt::format("\"{}\" is not a number", v);
  if (t == "bool") return v == "true" || v == "false" ? std::string{} : fmt::format("\"{}\" is not true or false", v);
  if (t == "enum") {
    if (std::find(type.values.begin(), type.values.end(), v) != type.values.end()) return {};
    return fmt::format("\"{}\" is not a value of the enum ({})", v, fmt::join(type.values, ", "));
  }
  if (t == "duration") {
    const std::string_view unit = type.unit;
    if (v.size() <= unit.size() || v.substr(v.size() - unit.size()) != unit)
      return fmt::format("\"{}\" is not a duration in {}", v, unit);
    const auto count = v.substr(0, v.size() - unit.size());
    if (!is_float(count) || count == "nan" || count.find_first_of("in") != std::string_view::npos)
      return fmt::format("\"{}\" is not a duration in {}", v, unit);
    return {};
  }
  if (t == "time") return is_line_time(v) ? std::string{} : fmt::format("\"{}\" is not an RFC 3339 UTC time", v);
  return fmt::format("unknown type {} in the catalog", t);
}

}  // namespace instrukt_ai::catalog_tool
