#include <instrukt_ai/logging/detail/line/decimal.hpp>
#include <instrukt_ai/logging/detail/line/float_text.hpp>

#include <fmt/format.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

// Exact decimals (integers, binary fractions) get their digits by integer
// arithmetic; any other value from fmt's dragonbox. The digits are laid out
// exactly as fmt's "{}" does, without its general writer (locale and digit
// grouping checks).
// tests/test_numbers_text.cpp holds the two to the same text.
#if FMT_VERSION < 90000 || FMT_VERSION >= 120000
#error "float_text.cpp uses fmt::detail::dragonbox::to_decimal (fmt 9 to 11); check it against this fmt"
#endif

namespace instrukt_ai::logging::detail {
namespace {

// significand * 10^exponent, in fixed notation when the decimal exponent is
// in [-4, 16), else as d.ddde±XX (fmt's general rule).
char* write_decimal(char* out, std::uint64_t significand, int exponent) noexcept {
  const int digits = decimal::count_digits(significand);
  const int output_exp = exponent + digits - 1;
  if (output_exp < -4 || output_exp >= 16) {
    decimal::write_digits_before(out + 1 + digits, significand);
    out[0] = out[1];
    if (digits > 1) {
      out[1] = '.';
      out += digits + 1;
    } else {
      out += 1;
    }
    *out++ = 'e';
    int e = output_exp;
    *out++ = e < 0 ? '-' : '+';
    if (e < 0) e = -e;
    if (e >= 100) {
      *out++ = static_cast<char>('0' + e / 100);
      e %= 100;
    }
    std::memcpy(out, &decimal::digit_pairs[static_cast<std::size_t>(2 * e)], 2);
    return out + 2;
  }
  // Fixed notation: at most 16 digits before the point, 17 in all, at most 3
  // zeros after "0.". The copies below have constant sizes within that room.
  decimal::write_digits_before(out + digits, significand);
  if (exponent >= 0) {  // 12e3 -> 12000
    std::memset(out + digits, '0', 16);
    return out + digits + exponent;
  }
  const int integer_digits = digits + exponent;
  if (integer_digits > 0) {  // 1234e-2 -> 12.34: the fraction moves right for the point
    char fraction[16];
    std::memcpy(fraction, out + integer_digits, sizeof fraction);
    std::memcpy(out + integer_digits + 1, fraction, sizeof fraction);
    out[integer_digits] = '.';
    return out + digits + 1;
  }
  const int zeros = -integer_digits;  // 1234e-6 -> 0.001234
  char all[24];
  std::memcpy(all, out, sizeof all);
  std::memcpy(out, "0.000", 5);
  std::memcpy(out + 2 + zeros, all, sizeof all);
  return out + 2 + zeros + digits;
}

template <class Float>
struct layout {
  static constexpr int digits = std::numeric_limits<Float>::digits;  // 53 or 24, with the hidden bit
  static constexpr int stored = digits - 1;
  static constexpr int exponent_bits = sizeof(Float) * 8 - 1 - stored;
  static constexpr int bias = std::numeric_limits<Float>::max_exponent - 1 + stored;
  static constexpr std::uint64_t limit = (std::uint64_t{1} << digits) - 1;

  // powers_of_five[k] for every k with 5^k <= limit.
  static constexpr auto powers_of_five = [] {
    std::array<std::uint64_t, 24> p{};
    p[0] = 1;
    for (std::size_t k = 1; k < p.size(); ++k) p[k] = p[k - 1] <= limit / 5 ? p[k - 1] * 5 : 0;
    return p;
  }();
};

// A value that is exactly n / 10^k with n < 2^digits (integers, halves,
// quarters, 1234.375 ...) has n, -k as its shortest digits: any other decimal
// with at most k fraction digits is at least 10^-k away, more than half an ulp
// (ulp <= |v| / 2^(digits-1) < 2 * 10^-k). Integer arithmetic only.
template <class Float, class Bits>
bool exact_decimal(Bits bits, std::uint64_t& n, int& exponent) noexcept {
  using L = layout<Float>;
  const int biased = static_cast<int>((bits >> L::stored) & ((Bits{1} << L::exponent_bits) - 1));
  if (biased == 0) return false;  // zero and subnormals
  const std::uint64_t m = (bits & ((Bits{1} << L::stored) - 1)) | (Bits{1} << L::stored);
  const int shift = L::bias - biased;  // |v| = m / 2^shift
  if (shift < 0) return false;         // |v| >= 2^digits
  const int trailing = std::countr_zero(m);
  const int k = shift > trailing ? shift - trailing : 0;  // fraction digits of the exact value
  if (k >= static_cast<int>(L::powers_of_five.size()) || L::powers_of_five[static_cast<std::size_t>(k)] == 0)
    return false;
  const std::uint64_t odd = m >> (shift - k);  // exact: shift - k <= trailing
  const std::uint64_t five_k = L::powers_of_five[static_cast<std::size_t>(k)];
  if (odd > L::limit / five_k) return false;  // n would reach 2^digits
  n = odd * five_k;
  exponent = -k;
  return true;
}

template <class Float, class Bits>
char* write_float(char* out, Float v) noexcept {
  using L = layout<Float>;
  constexpr Bits exponent_mask = ((Bits{1} << L::exponent_bits) - 1) << L::stored;
  const auto bits = std::bit_cast<Bits>(v);
  if (std::signbit(v)) *out++ = '-';
  if ((bits & exponent_mask) == exponent_mask) {
    std::memcpy(out, std::isnan(v) ? "nan" : "inf", 3);
    return out + 3;
  }
  std::uint64_t n;
  int exponent;
  if (exact_decimal<Float>(bits, n, exponent)) return write_decimal(out, n, exponent);
  const auto dec = fmt::detail::dragonbox::to_decimal(std::fabs(v));
  return write_decimal(out, dec.significand, dec.exponent);
}

}  // namespace

char* write_shortest(char* out, double v) noexcept { return write_float<double, std::uint64_t>(out, v); }
char* write_shortest(char* out, float v) noexcept { return write_float<float, std::uint32_t>(out, v); }

}  // namespace instrukt_ai::logging::detail
