// Codec for enums: the value travels as its underlying integer; the writer
// prints the enumerator's name, or the number when the value has none.
#pragma once

#include <instrukt_ai/logging/detail/record/enum_names.hpp>
#include <instrukt_ai/logging/detail/line/number_text.hpp>
#include <instrukt_ai/logging/detail/record/codec.hpp>

namespace instrukt_ai::logging::detail {

template <class T>
  requires std::is_enum_v<T>
struct codec<T> : fixed_codec<T, sizeof(T)> {
  static constexpr std::string_view type_name = "enum";
  static std::byte* encode(std::byte* out, T v, std::size_t) noexcept { return put(out, v); }
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    T v;
    in = take(in, v);
    if (const auto name = enum_names<T>::of(v); !name.empty()) {
      ctx.out.append(name);
    } else {
      append_number(ctx.out, static_cast<std::underlying_type_t<T>>(v));
    }
    return in;
  }
};

}  // namespace instrukt_ai::logging::detail
