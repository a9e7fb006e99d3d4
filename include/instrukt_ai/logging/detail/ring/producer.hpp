// The calling thread's side of the pipeline: its own ring, found through a
// thread_local pointer, and emit(), which copies one record into it.
#pragma once

#include <instrukt_ai/logging/detail/event/reflect.hpp>
#include <instrukt_ai/logging/detail/record/record.hpp>
#include <instrukt_ai/logging/detail/ring/spsc_ring.hpp>
#include <instrukt_ai/logging/detail/ring/stamp.hpp>

#include <atomic>
#include <cstdint>
#include <memory>

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

// Copies a context record (context_record.hpp) into the thread's ring,
// waiting for room whatever the full-ring policy (a lost one would put wrong
// context on lines). A thread without a ring yet gets one, which starts from
// the thread's open contexts: then nothing more is written.
void emit_context_record(const std::byte* record, std::size_t size);

// Everything that is not the fast path: first use on a thread, a full or
// closed ring, logging before configure_logging() or after shutdown. The
// caller encodes the record into slow_record(size) (the thread's scratch, or
// a heap block for a large record), then emit_slow() puts it in the ring,
// waiting or dropping as the full-ring policy says, or on stderr. So an event
// type adds no slow-path code of its own: the call site's one encoder serves both.
std::byte* slow_record(std::size_t size);
void emit_slow(std::size_t size);

// Copies one record of `size` bytes into the thread's ring: `encode(out)`
// writes its payload after the tag and the stamp. Always inlined into the
// caller: the fast path is a few dozen instructions, and a call would cost
// more than it does (the slow path stays out of line).
template <class Encode>
[[gnu::always_inline]] inline void emit_record(std::uint64_t tag, std::size_t size, Encode encode) {
  producer* p = this_thread_producer;
  std::byte* out = p != nullptr ? p->ring.try_reserve(size) : nullptr;
  const bool in_ring = out != nullptr;
  if (!in_ring) [[unlikely]] out = slow_record(size);
  out = put(out, tag);
  out = put(out, read_stamp());
  encode(out);
  if (in_ring) [[likely]] p->ring.commit();
  else emit_slow(size);
}

template <class Event>
[[gnu::always_inline]] inline void emit(std::uint64_t tag, const Event& e) {
  const std::size_t max_bytes =
      record_source<Event>::fixed ? 0 : max_value_bytes_setting.load(std::memory_order_relaxed);
  emit_record(tag, record_size(e, max_bytes),
              [&](std::byte* out) __attribute__((always_inline)) { record_source<Event>::encode(out, e, max_bytes); });
}

// The same for an event's field values, by an encoder of their types alone
// (fields_encoder): one instance serves every event type with the same field
// types, so an event type adds no caller code of its own but its tag.
template <class Encoder, class... T>
[[gnu::always_inline]] inline void emit_fields(std::uint64_t tag, const T&... v) {
  const std::size_t max_bytes = Encoder::fixed ? 0 : max_value_bytes_setting.load(std::memory_order_relaxed);
  emit_record(tag, align_record(record_header_size + Encoder::payload_size(max_bytes, v...)),
              [&](std::byte* out) __attribute__((always_inline)) { Encoder::encode(out, max_bytes, v...); });
}

// A field passed in registers when small and trivially copyable.
template <class T>
using field_param = std::conditional_t<std::is_trivially_copyable_v<T> && sizeof(T) <= 16, T, const T&>;

// emit_fields' slow path, apart: the fast path below then makes no call and
// saves no register.
template <class Encoder, class... P>
[[gnu::noinline, gnu::cold]] void emit_fields_slow(std::uint64_t tag, std::size_t max_bytes, std::size_t size,
                                                   P... v) {
  std::byte* out = slow_record(size);
  out = put(out, tag);
  out = put(out, read_stamp());
  Encoder::encode(out, max_bytes, v...);
  emit_slow(size);
}

// emit_fields out of line: one function per encoder (per set of field
// types), shared by every event type with those types, so that an event type
// adds a call, not a copy of the fast path.
template <class Encoder, class... P>
[[gnu::noinline]] void emit_fields_out_of_line(std::uint64_t tag, P... v) {
  const std::size_t max_bytes = Encoder::fixed ? 0 : max_value_bytes_setting.load(std::memory_order_relaxed);
  const std::size_t size = align_record(record_header_size + Encoder::payload_size(max_bytes, v...));
  producer* p = this_thread_producer;
  std::byte* out = p != nullptr ? p->ring.try_reserve(size) : nullptr;
  if (out == nullptr) [[unlikely]] return emit_fields_slow<Encoder, P...>(tag, max_bytes, size, v...);
  out = put(out, tag);
  out = put(out, read_stamp());
  Encoder::encode(out, max_bytes, v...);
  p->ring.commit();
}

// An event of fixed-size fields (numbers, enums, durations) is copied inline:
// a few moves. One with a string is copied out of line, through the encoder
// its field types share: the string code (sizes, the cut at max_value_bytes)
// is what made every event type, and every call site, compile slowly.
// The fields come as the event's tie (one structured binding, a tuple of
// references; reflect.hpp's tie_fields), so this function's instances are
// shared by every event type with the same field types: an event type adds none.
template <class Encoder, class... Ref, std::size_t... I>
[[gnu::always_inline]] inline void emit_tied(std::uint64_t tag,
                                             const boost::pfr::detail::sequence_tuple::tuple<Ref...>& fields,
                                             std::index_sequence<I...>) {
  namespace st = boost::pfr::detail::sequence_tuple;
  if constexpr (Encoder::fixed)
    emit_fields<Encoder>(tag, st::get<I>(fields)...);
  else
    emit_fields_out_of_line<Encoder, field_param<std::remove_cvref_t<Ref>>...>(tag, st::get<I>(fields)...);
}

}  // namespace instrukt_ai::logging::detail
