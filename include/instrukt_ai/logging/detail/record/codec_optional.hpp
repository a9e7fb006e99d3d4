// Codec for std::optional<T>: a presence byte, then T's bytes; `null` when empty.
#pragma once

#include <instrukt_ai/logging/detail/record/codec.hpp>

#include <optional>

namespace instrukt_ai::logging::detail {

template <class T>
  requires has_codec<T>
struct codec<std::optional<T>> {
  using inner = codec<T>;
  // A fixed-size inner value keeps its room even when empty: the size stays a constant.
  static constexpr std::size_t fixed_size =
      inner::fixed_size == variable_size ? variable_size : 1 + inner::fixed_size;
  static constexpr std::string_view type_name = "optional";

  static std::size_t size(const std::optional<T>& v, std::size_t max_bytes) noexcept {
    if constexpr (fixed_size != variable_size) return fixed_size;
    else return 1 + (v ? inner::size(*v, max_bytes) : 0);
  }
  static std::byte* encode(std::byte* out, const std::optional<T>& v, std::size_t max_bytes) {
    *out++ = std::byte{v.has_value()};
    if (v) return inner::encode(out, *v, max_bytes);
    if constexpr (fixed_size != variable_size) return out + inner::fixed_size;
    else return out;
  }
  static const std::byte* skip(const std::byte* in) noexcept {
    return *in++ != std::byte{0} ? skip_value<inner>(in) : in;
  }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    if (*in++ != std::byte{0}) return inner::format(in, ctx);
    ctx.out.append("null");
    if constexpr (fixed_size != variable_size) return in + inner::fixed_size;
    else return in;
  }
};

}  // namespace instrukt_ai::logging::detail
