// The calling thread's side of the pipeline: its own ring, found through a
// thread_local pointer, and the two ways one record is copied into it:
//
//   emit_inline<Encoder>(tag, values...)      inlined into the caller: the fast
//                                             path is a few dozen instructions
//   emit_out_of_line<Encoder>(tag, values...) one function per Encoder, shared by
//                                             every call with those field types
//   emit_struct<Encoder, T...>(tag, &event)   the same, reading the fields from the
//                                             struct at their offsets: a call site
//                                             passes two words and adds no code per type
//
// Encoder is a fields_encoder (record/fields_encoder.hpp) or anything of its
// shape (event/record_source.hpp); the tag is the record's descriptor and
// logger (record/record.hpp). Which one a log call takes is logger.hpp's choice.
#pragma once

#include <instrukt_ai/logging/detail/record/codec.hpp>
#include <instrukt_ai/logging/detail/record/record.hpp>
#include <instrukt_ai/logging/detail/ring/spsc_ring.hpp>
#include <instrukt_ai/logging/detail/ring/stamp.hpp>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>

namespace instrukt_ai::logging::detail {

struct ring_contexts;  // the writer's copy of the ring's open contexts (src/writer)

// One per logging thread; owned by the writer's registry.
struct producer {
  explicit producer(std::size_t capacity);
  ~producer();
  spsc_ring ring;
  std::unique_ptr<ring_contexts> contexts;  // the writer's alone
  std::atomic<std::uint64_t> dropped{0};   // at a full ring; written by the owner thread only
  std::atomic<std::uint64_t> too_large{0}; // larger than the whole ring
  std::atomic<bool> retired{false};        // the owner thread has exited (until a new thread takes it over)
  producer* next_attached = nullptr;       // the writer's list for its signal handler path
};

inline constinit thread_local producer* this_thread_producer = nullptr;

// Everything that is not the fast path: first use on a thread, a full or
// closed ring, logging before configure_logging() or after shutdown. The
// caller encodes the record into slow_record(size) (the thread's scratch, or
// a heap block for a large record), then commit_slow() puts it in the ring,
// waiting or dropping as the full-ring policy says, or on stderr. So an event
// type adds no slow-path code of its own: the call site's one encoder serves both.
std::byte* slow_record(std::size_t size);
void commit_slow(std::size_t size);

// One record of `size` bytes: `encode(out)` writes its payload after the tag
// and the stamp. Always inlined: a call would cost more than the copy.
template <class Encode>
[[gnu::always_inline]] inline void write_record(std::uint64_t tag, std::size_t size, Encode encode) {
  producer* p = this_thread_producer;
  std::byte* out = p != nullptr ? p->ring.try_reserve(size) : nullptr;
  const bool in_ring = out != nullptr;
  if (!in_ring) [[unlikely]] out = slow_record(size);
  out = put(out, tag);
  out = put(out, read_stamp());
  encode(out);
  if (in_ring) [[likely]] p->ring.commit();
  else commit_slow(size);
}

// Entry point 1: the record of these values, copied inline.
template <class Encoder, class... T>
[[gnu::always_inline]] inline void emit_inline(std::uint64_t tag, const T&... v) {
  const std::size_t max_bytes = Encoder::fixed ? 0 : max_value_bytes_setting.load(std::memory_order_relaxed);
  write_record(tag, align_record(record_header_size + Encoder::payload_size(max_bytes, v...)),
               [&](std::byte* out) __attribute__((always_inline)) { Encoder::encode(out, max_bytes, v...); });
}

// A field passed in registers when small and trivially copyable.
template <class T>
using field_param = std::conditional_t<std::is_trivially_copyable_v<T> && sizeof(T) <= 16, T, const T&>;

// emit_out_of_line's slow path, apart: its fast path then makes no call and
// saves no register.
template <class Encoder, class... P>
[[gnu::noinline, gnu::cold]] void emit_out_of_line_slow(std::uint64_t tag, std::size_t max_bytes, std::size_t size,
                                                        P... v) {
  std::byte* out = slow_record(size);
  out = put(out, tag);
  out = put(out, read_stamp());
  Encoder::encode(out, max_bytes, v...);
  commit_slow(size);
}

// Entry point 2: the same, out of line. P are the values' field_param types,
// so an instance is shared by every call with the same field types: a call
// site adds a call, not a copy of the fast path.
template <class Encoder, class... P>
[[gnu::noinline]] void emit_out_of_line(std::uint64_t tag, P... v) {
  const std::size_t max_bytes = Encoder::fixed ? 0 : max_value_bytes_setting.load(std::memory_order_relaxed);
  const std::size_t size = align_record(record_header_size + Encoder::payload_size(max_bytes, v...));
  producer* p = this_thread_producer;
  std::byte* out = p != nullptr ? p->ring.try_reserve(size) : nullptr;
  if (out == nullptr) [[unlikely]] return emit_out_of_line_slow<Encoder, P...>(tag, max_bytes, size, v...);
  out = put(out, tag);
  out = put(out, read_stamp());
  Encoder::encode(out, max_bytes, v...);
  p->ring.commit();
}

// Where fields of types T... lie in a struct that declares them in this order
// and nothing else (no alignas): each at the next multiple of its alignment.
// Whoever calls emit_struct has checked it against the struct's own offsets.
template <class... T>
constexpr std::array<std::size_t, sizeof...(T)> natural_offsets() {
  constexpr std::size_t size[] = {sizeof(T)..., 0}, align[] = {alignof(T)..., 1};
  std::array<std::size_t, sizeof...(T)> at{};
  for (std::size_t i = 0, offset = 0; i < sizeof...(T); offset += size[i], ++i)
    at[i] = offset = (offset + align[i] - 1) / align[i] * align[i];
  return at;
}

template <class Encoder, class... T, std::size_t... I>
[[gnu::always_inline]] inline void emit_fields_at(std::uint64_t tag, const std::byte* e, std::index_sequence<I...>) {
  constexpr auto at = natural_offsets<T...>();
  emit_out_of_line<Encoder, field_param<T>...>(tag, *reinterpret_cast<const T*>(e + at[I])...);
}

// Entry point 3: the record of the struct at e, whose fields are of types T...
// at natural_offsets<T...>(); one function per Encoder and T..., so every
// event type with those field types shares it.
template <class Encoder, class... T>
[[gnu::noinline]] void emit_struct(std::uint64_t tag, const std::byte* e) {
  emit_fields_at<Encoder, T...>(tag, e, std::index_sequence_for<T...>{});
}

}  // namespace instrukt_ai::logging::detail
