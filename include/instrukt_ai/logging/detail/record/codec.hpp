// A field codec moves one field type through the pipeline:
//   caller: encode() copies the value's bytes into the ring record;
//   writer: format() reads them back and appends the logfmt value.
//
// Every codec<T> provides
//   static constexpr std::size_t fixed_size;  // bytes in the record, or `variable_size`
//   static std::size_t size(const T&, std::size_t max_bytes);  // bytes in the record
//   static std::byte* encode(std::byte* out, const T&, std::size_t max_bytes) noexcept;
//   static const std::byte* format(const std::byte* in, format_context&);
//   static constexpr std::string_view type_name;  // for catalogs
// and, when its size is variable,
//   static const std::byte* skip(const std::byte* in) noexcept;  // past the value, unread
// max_bytes is the string limit, read once per call so size and encode agree.
// Encoding never allocates, locks or calls the system.
#pragma once

#include <instrukt_ai/logging/detail/line/line_buffer.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace instrukt_ai::logging::detail {

inline constexpr std::size_t variable_size = static_cast<std::size_t>(-1);

// The writer's buffer for values formatted by fmt before escaping; defined
// with the codec that uses it (codec_formatted.hpp), so this header needs no fmt.
struct format_scratch;

struct format_context {
  line_buffer& out;
  format_scratch& scratch;
  std::size_t max_value_bytes;
  // Formatting inside a fatal-signal handler: nothing may allocate or free.
  bool in_signal_handler = false;
  // " key=" of each field of the record being formatted (descriptor::keys).
  const std::string_view* keys = nullptr;

  format_context with_limit(std::size_t limit) const noexcept {
    return {out, scratch, limit, in_signal_handler, keys};
  }
};

// Set by configure_logging; read once per log call (strings copy no more).
inline std::atomic<std::size_t> max_value_bytes_setting{4000};

template <class T>
std::byte* put(std::byte* out, const T& v) noexcept {
  static_assert(std::is_trivially_copyable_v<T>);
  std::memcpy(out, &v, sizeof(T));
  return out + sizeof(T);
}

template <class T>
const std::byte* take(const std::byte* in, T& v) noexcept {
  static_assert(std::is_trivially_copyable_v<T>);
  std::memcpy(&v, in, sizeof(T));
  return in + sizeof(T);
}

// Primary template: no codec. The `supported_field` check turns this into a
// readable error naming the event, the field and its type.
template <class T, class Enable = void>
struct codec {
  static constexpr bool unsupported = true;
};

template <class T>
concept has_codec = !requires { codec<T>::unsupported; };

// True for a type fmt can format but not copy (codec_formatted.hpp says so,
// where fmt is included): the event check's error then names the copy.
template <class T>
inline constexpr bool formattable_but_not_copyable = false;

// Past one value of codec C in a record, without formatting it (the flight
// recorder keeps records whole and learns their size so).
template <class C>
const std::byte* skip_value(const std::byte* in) noexcept {
  if constexpr (C::fixed_size != variable_size) return in + C::fixed_size;
  else return C::skip(in);
}

// Helper base for codecs whose size is known at compile time.
template <class T, std::size_t N>
struct fixed_codec {
  static constexpr std::size_t fixed_size = N;
  static constexpr std::size_t size(const T&, std::size_t) noexcept { return N; }
};

}  // namespace instrukt_ai::logging::detail
