// The fields a trace_context scope adds to lines, as a context type, so that a
// catalog can list them: ial::catalog<..., ial::trace_keys>.
#pragma once

#include <instrukt_ai/logging/context_info.hpp>
#include <instrukt_ai/logging/detail/record/codec.hpp>

#include <cstring>
#include <string_view>

namespace instrukt_ai::logging {
namespace detail {

// N characters already valid in a line (lower-case hex), copied as they are.
template <std::size_t N>
struct hex_text {
  char digits[N];
};

template <std::size_t N>
struct codec<hex_text<N>> : fixed_codec<hex_text<N>, N> {
  static constexpr std::string_view type_name = "string";
  static std::byte* encode(std::byte* out, const hex_text<N>& v, std::size_t) noexcept {
    std::memcpy(out, v.digits, N);
    return out + N;
  }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    ctx.out.append({reinterpret_cast<const char*>(in), N});
    return in + N;
  }
};

}  // namespace detail

struct trace_keys {
  static constexpr context_info context{"trace"};
  detail::hex_text<32> trace_id;
  detail::hex_text<16> span_id;
};

}  // namespace instrukt_ai::logging
