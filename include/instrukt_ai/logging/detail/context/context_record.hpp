// A context's records in its thread's ring:
//   push  tag = &context_descriptor_of<C>, stamp, C's fields as an event's
//   pop   tag = &context_pop_descriptor, stamp, u64 number of levels left
// The writer keeps each ring's stack of contexts and ends every line of that
// ring with their fields (src/writer/ring_contexts.hpp). The calling thread
// keeps its own copy of the push records for capture_context().
#pragma once

#include <instrukt_ai/logging/detail/event/event_checks.hpp>
#include <instrukt_ai/logging/detail/event/event_codec.hpp>
#include <instrukt_ai/logging/detail/record/record.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace instrukt_ai::logging::detail {

// A context's record may take this many bytes at most (header, fields, padding);
// a thread may have this many levels open at most. Past either, the scope is
// refused: a WARNING line (log_context_refused) takes its place.
inline constexpr std::size_t max_context_record_bytes = 1024;
inline constexpr std::size_t max_context_depth = 16;

template <class C>
inline constexpr descriptor context_descriptor_of{
    C::context.name,
    level::info,
    std::string_view{},
    event_codec<C>::fields,
    &event_codec<C>::formatter::format,
    line_fragments<C>::keys.data(),
    record_role::context_push,
    key_bits_of<C>,
};

extern const descriptor context_pop_descriptor;

// Context keys left out of a line because the line's own fields have them.
inline std::atomic<std::uint64_t> context_key_clash_count{0};

// The calling thread's side (src/context/thread_contexts.cpp).
// Room for one push record of `size` bytes in the thread's copy, or null when
// the scope is refused (reported there, naming `name`).
std::byte* context_reserve(std::size_t size, std::string_view name);
// Publishes the record written at context_reserve(); returns the scope's
// place: the thread (a number no other thread of the process gets) in the
// high half, its depth once entered in the low half.
std::uint64_t context_entered();
// Copies a context record into the thread's ring (src/ring/producer.cpp),
// waiting for room whatever the full-ring policy (a lost one would put wrong
// context on lines). A thread without a ring yet gets one, which starts from
// the thread's open contexts: then nothing more is written.
void emit_context_record(const std::byte* record, std::size_t size);
// Leaves `levels` levels, the last of which was entered at `place`: on
// another thread, or before a scope entered after it, nothing is left (and
// stderr says so).
void contexts_left(std::uint32_t levels, std::uint64_t place) noexcept;

template <class C>
bool enter_context(const C& c) {
  const std::size_t max = max_value_bytes_setting.load(std::memory_order_relaxed);
  const std::size_t size = align_record(record_header_size + event_codec<C>::payload_size(c, max));
  std::byte* out = context_reserve(size, C::context.name);
  if (out == nullptr) return false;
  out = put(out, static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&context_descriptor_of<C>)));
  out = put(out, std::uint64_t{0});  // stamped when copied into the ring
  event_codec<C>::encode(out, c, max);
  return true;
}

}  // namespace instrukt_ai::logging::detail
