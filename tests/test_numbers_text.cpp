// Numbers written by the line stage match fmt's "{}" text exactly.
#include <instrukt_ai/logging/detail/line/decimal.hpp>
#include <instrukt_ai/logging/detail/line/float_text.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

namespace detail = instrukt_ai::logging::detail;

template <class T>
std::string ours(T v) {
  std::vector<char> room(detail::max_float_chars);  // exactly the room it asks for (ASan checks)
  return {room.data(), detail::write_shortest(room.data(), v)};
}

template <class T>
std::string ours_integer(T v) {
  char buf[detail::decimal::max_integer_chars + 4];
  return {buf, detail::decimal::write_integer(buf, v)};
}

template <class T>
std::vector<T> special_values() {
  using lim = std::numeric_limits<T>;
  std::vector<T> v{T(0),          -T(0),         T(1),           T(-1),          T(0.1),        T(0.25),
                   T(1) / T(3),   T(100),        T(1e15),        T(1e16),        T(1e17),       T(9.5e15),
                   T(1e-4),       T(1.5e-4),     T(1e-5),        T(1.5e-5),      T(123.456),    T(0.001234),
                   lim::max(),    lim::lowest(), lim::min(),     lim::denorm_min(), lim::epsilon(), lim::infinity(),
                   -lim::infinity(), lim::quiet_NaN(), -lim::quiet_NaN()};
  for (int e = -45; e <= 45; ++e) v.push_back(static_cast<T>(std::pow(10.0, e)));
  return v;
}

}  // namespace

TEMPLATE_TEST_CASE("shortest float text equals fmt's for special values", "[numbers]", float, double) {
  for (TestType v : special_values<TestType>()) {
    using bits = std::conditional_t<sizeof(TestType) == 4, std::uint32_t, std::uint64_t>;
    INFO("bits " << std::bit_cast<bits>(v));
    CHECK(ours(v) == fmt::format("{}", v));
  }
}

TEST_CASE("shortest double text equals fmt's for a million random bit patterns", "[numbers]") {
  std::mt19937_64 rng(20261124);
  for (int i = 0; i < 1'000'000; ++i) {
    const auto v = std::bit_cast<double>(rng());
    const std::string expected = fmt::format("{}", v);
    if (ours(v) != expected) FAIL_CHECK("bits " << std::bit_cast<std::uint64_t>(v) << ": " << ours(v) << " != " << expected);
  }
}

TEST_CASE("shortest double text equals fmt's for decimal-looking values", "[numbers]") {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> mantissa(-999'999'999, 999'999'999);
  std::uniform_int_distribution<int> exponent(-30, 30);
  for (int i = 0; i < 300'000; ++i) {
    const double v = static_cast<double>(mantissa(rng)) * std::pow(10.0, exponent(rng));
    const std::string expected = fmt::format("{}", v);
    if (ours(v) != expected) FAIL_CHECK(ours(v) << " != " << expected);
  }
}

TEST_CASE("shortest text equals fmt's for integers and binary fractions", "[numbers]") {
  // The exact-decimal path: values m / 2^s, near and past its 2^53 (2^24) limits.
  std::mt19937_64 rng(3);
  for (int i = 0; i < 500'000; ++i) {
    const int bits = 1 + static_cast<int>(rng() % 56);
    const auto m = static_cast<std::int64_t>(rng() >> (64 - bits));
    const int s = static_cast<int>(rng() % 64) - 8;
    const double d = std::ldexp(static_cast<double>(i % 2 ? -m : m), -s);
    const auto f = static_cast<float>(d);
    if (ours(d) != fmt::format("{}", d)) FAIL_CHECK(ours(d) << " != " << fmt::format("{}", d));
    if (ours(f) != fmt::format("{}", f)) FAIL_CHECK(ours(f) << " != " << fmt::format("{}", f));
  }
  for (double d : {9007199254740991.0, 9007199254740992.0, 4503599627370495.5, 0.5, 0.25, 1e15 + 0.5,
                   2384185791015625e-22, 1.0 / 1024 / 1024})
    CHECK(ours(d) == fmt::format("{}", d));
}

TEST_CASE("shortest float text equals fmt's for a million random bit patterns", "[numbers]") {
  std::mt19937 rng(11);
  for (int i = 0; i < 1'000'000; ++i) {
    const auto v = std::bit_cast<float>(static_cast<std::uint32_t>(rng()));
    const std::string expected = fmt::format("{}", v);
    if (ours(v) != expected) FAIL_CHECK("bits " << std::bit_cast<std::uint32_t>(v) << ": " << ours(v) << " != " << expected);
  }
}

TEST_CASE("shortest float text is at most 24 characters", "[numbers]") {
  // The longest forms: sign, 17 digits, a point, and a three-digit exponent or "0.000".
  CHECK(ours(-2.2250738585072014e-308) == "-2.2250738585072014e-308");
  CHECK(ours(-0.00012345678901234567) == "-0.00012345678901234567");
  CHECK(ours(-1234567890123456.7) == "-1234567890123456.8");
  CHECK(ours(-1234567890123456.7).size() <= 24);
}

TEST_CASE("integer text equals fmt's at every digit-count boundary", "[numbers]") {
  std::uint64_t p = 1;
  for (int digits = 1; digits <= 20; ++digits) {
    for (std::uint64_t v : {p - 1, p, p + 1}) {
      CHECK(detail::decimal::count_digits(v) == static_cast<int>(fmt::formatted_size("{}", v)));
      CHECK(ours_integer(v) == fmt::format("{}", v));
    }
    if (digits < 20) p *= 10;
  }
  using lim64 = std::numeric_limits<std::int64_t>;
  for (std::int64_t v : {lim64::min(), lim64::min() + 1, std::int64_t{-1}, std::int64_t{0}, lim64::max()})
    CHECK(ours_integer(v) == fmt::format("{}", v));
  CHECK(ours_integer(std::numeric_limits<std::uint64_t>::max()) == "18446744073709551615");
}

TEST_CASE("fixed-width digits are zero-padded", "[numbers]") {
  char buf[8] = {};
  detail::decimal::write_fixed_width(buf, 42, 6);
  CHECK(std::string(buf, 6) == "000042");
  detail::decimal::write_fixed_width(buf, 2026, 4);
  CHECK(std::string(buf, 4) == "2026");
  detail::decimal::write_fixed_width(buf, 7, 1);
  CHECK(std::string(buf, 1) == "7");
}
