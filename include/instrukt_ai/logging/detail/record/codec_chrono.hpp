// Codecs for std::chrono durations and system_clock time points.
//
// A duration is written as its count followed by its unit: 250ms, 12us, 3s,
// 1.5ms for floating-point counts. Units: ns us ms s min h d; any other period
// is converted to seconds (as a double) and written with `s`.
// A time point is written in RFC 3339 UTC with microseconds.
#pragma once

#include <instrukt_ai/logging/detail/line/number_text.hpp>
#include <instrukt_ai/logging/detail/line/timestamp.hpp>
#include <instrukt_ai/logging/detail/record/codec.hpp>

#include <chrono>
#include <ratio>
#include <string_view>

namespace instrukt_ai::logging::detail {

template <class Period>
constexpr std::string_view duration_suffix() {
  if constexpr (std::is_same_v<Period, std::nano>) return "ns";
  else if constexpr (std::is_same_v<Period, std::micro>) return "us";
  else if constexpr (std::is_same_v<Period, std::milli>) return "ms";
  else if constexpr (std::is_same_v<Period, std::ratio<1>>) return "s";
  else if constexpr (std::is_same_v<Period, std::ratio<60>>) return "min";
  else if constexpr (std::is_same_v<Period, std::ratio<3600>>) return "h";
  else if constexpr (std::is_same_v<Period, std::ratio<86400>>) return "d";
  else return {};
}

template <class Rep, class Period>
  requires std::is_arithmetic_v<Rep>
struct codec<std::chrono::duration<Rep, Period>> : fixed_codec<std::chrono::duration<Rep, Period>, sizeof(Rep)> {
  static constexpr std::string_view unit = duration_suffix<Period>().empty() ? "s" : duration_suffix<Period>();
  static constexpr std::string_view type_name = "duration";

  static std::byte* encode(std::byte* out, std::chrono::duration<Rep, Period> d, std::size_t) noexcept {
    return put(out, d.count());
  }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    Rep count;
    in = take(in, count);
    if constexpr (duration_suffix<Period>().empty())
      append_number(ctx.out, std::chrono::duration<double>(std::chrono::duration<Rep, Period>(count)).count());
    else
      append_number(ctx.out, count);
    ctx.out.append_fixed<unit.size()>(unit.data());
    return in;
  }
};

template <class Duration>
struct codec<std::chrono::time_point<std::chrono::system_clock, Duration>>
    : fixed_codec<std::chrono::time_point<std::chrono::system_clock, Duration>, 8> {
  static constexpr std::string_view type_name = "time";
  static std::byte* encode(std::byte* out, std::chrono::time_point<std::chrono::system_clock, Duration> t,
                           std::size_t) noexcept {
    const std::int64_t ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
    return put(out, ns);
  }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    std::int64_t ns;
    in = take(in, ns);
    append_rfc3339(ctx.out, ns);
    return in;
  }
};

}  // namespace instrukt_ai::logging::detail
