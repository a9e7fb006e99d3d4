// Codec for any other type with an fmt::formatter: the value is copied into the
// record (so its copy constructor runs on the calling thread) and formatted,
// then destroyed, on the writer thread. Its text is escaped like a string.
// Opt-in, through <instrukt_ai/logging/formatted.hpp>: only code that logs such
// types pays for fmt's headers.
#pragma once

#include <instrukt_ai/logging/detail/record/codec.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <new>

namespace instrukt_ai::logging::detail {

template <class T> inline constexpr bool has_own_codec = false;
template <class R, class P> inline constexpr bool has_own_codec<std::chrono::duration<R, P>> = true;
template <class D> inline constexpr bool has_own_codec<std::chrono::time_point<std::chrono::system_clock, D>> = true;
template <class T> inline constexpr bool has_own_codec<std::optional<T>> = true;
template <> inline constexpr bool has_own_codec<std::string> = true;
template <> inline constexpr bool has_own_codec<std::string_view> = true;

// Types taken by this codec: formattable by fmt, and not handled by another codec.
template <class T>
concept formatted_field = !std::is_arithmetic_v<T> && !std::is_enum_v<T> && !std::is_pointer_v<T> &&
                          !has_own_codec<T> && fmt::is_formattable<T>::value;

struct format_scratch {
  fmt::memory_buffer buffer;
};

template <class T>
  requires(fmt::is_formattable<T>::value && !std::is_copy_constructible_v<T>)
inline constexpr bool formattable_but_not_copyable<T> = true;

// The value of a field whose formatter threw something that is no std::exception
// (or threw inside a fatal-signal handler); otherwise "<format error: what()>".
inline constexpr std::string_view format_error_marker = "<format error: unknown exception>";

template <class T>
std::byte* align_for(const std::byte* p) noexcept {
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  return reinterpret_cast<std::byte*>((a + alignof(T) - 1) & ~(std::uintptr_t{alignof(T)} - 1));
}

template <class T>
  requires formatted_field<T> && std::is_copy_constructible_v<T>
struct codec<T> : fixed_codec<T, sizeof(T) + alignof(T) - 1> {
  static constexpr std::string_view type_name = "formatted";

  static std::byte* encode(std::byte* out, const T& v, std::size_t) noexcept(std::is_nothrow_copy_constructible_v<T>) {
    ::new (static_cast<void*>(align_for<T>(out))) T(v);
    return out + codec::fixed_size;
  }
  // A formatter that throws costs only its own value: "<format error: what()>".
  static const std::byte* format(const std::byte* in, format_context& ctx) {
    T* value = std::launder(reinterpret_cast<T*>(align_for<T>(in)));
    ctx.scratch.buffer.clear();
    if (ctx.in_signal_handler) [[unlikely]] {
      // No allocation: the text is cut at the scratch buffer's capacity, and
      // the copy is not destroyed (its destructor might free).
      try {
        const auto r = fmt::format_to_n(ctx.scratch.buffer.data(), ctx.scratch.buffer.capacity(), "{}", *value);
        const std::string_view text{ctx.scratch.buffer.data(), std::min(r.size, ctx.scratch.buffer.capacity())};
        if (r.size > text.size())
          logfmt::append_cut_value(ctx.out, text.substr(0, std::min(text.size(), ctx.max_value_bytes)));
        else
          logfmt::append_value(ctx.out, text, ctx.max_value_bytes);  // cuts at the limit itself
      } catch (...) {
        logfmt::append_value(ctx.out, format_error_marker, ctx.max_value_bytes);
      }
      return in + codec::fixed_size;
    }
    try {
      fmt::format_to(std::back_inserter(ctx.scratch.buffer), "{}", *value);
    } catch (const std::exception& e) {
      ctx.scratch.buffer.clear();
      fmt::format_to(std::back_inserter(ctx.scratch.buffer), "<format error: {}>", e.what());
    } catch (...) {
      ctx.scratch.buffer.clear();
      fmt::format_to(std::back_inserter(ctx.scratch.buffer), "{}", format_error_marker);
    }
    std::destroy_at(value);
    logfmt::append_value(ctx.out, {ctx.scratch.buffer.data(), ctx.scratch.buffer.size()}, ctx.max_value_bytes);
    return in + codec::fixed_size;
  }
};

}  // namespace instrukt_ai::logging::detail
