// The binary record an event becomes on the calling thread:
//
//   u64 tag     descriptor address (bits 0-47) | logger id (bits 48-63);
//               bits 0 and 1 (descriptors are 8-aligned): recorded_bit, enabled_bit
//   u64 stamp   raw clock reading (TSC ticks on x86-64), converted by the writer
//   payload     each field's codec bytes, in declaration order
//   padding     to a multiple of 8 bytes
//
// A tag of 0 is never a record: it tells the reader to skip to the ring's start.
#pragma once

#include <instrukt_ai/logging/detail/event/extended.hpp>

#include <cstdint>

namespace instrukt_ai::logging::detail {

inline constexpr std::size_t record_header_size = 16;
inline constexpr std::size_t record_alignment = 8;
inline constexpr int logger_id_shift = 48;
// Set in the tag of an event the flight recorder keeps instead of writing
// (logger_core::tag_for): the writer keeps its record, unformatted.
inline constexpr std::uint64_t recorded_bit = 1;
// Set in logger_core::tag_for for a level that is logged; carried into the tag, and ignored there.
inline constexpr std::uint64_t enabled_bit = 2;
inline constexpr std::uint64_t descriptor_mask = ((std::uint64_t{1} << logger_id_shift) - 1) & ~std::uint64_t{7};

constexpr std::size_t align_record(std::size_t n) noexcept {
  return (n + record_alignment - 1) & ~(record_alignment - 1);
}

inline std::uint64_t descriptor_tag(const descriptor* desc, std::uint64_t logger_bits) noexcept {
  return reinterpret_cast<std::uintptr_t>(desc) | logger_bits;
}
template <class Event>
std::uint64_t record_tag(std::uint64_t logger_bits) noexcept {
  return descriptor_tag(record_source<Event>::desc, logger_bits);
}

inline const descriptor* record_descriptor(std::uint64_t tag) noexcept {
  return reinterpret_cast<const descriptor*>(static_cast<std::uintptr_t>(tag & descriptor_mask));
}
inline std::uint16_t record_logger_id(std::uint64_t tag) noexcept {
  return static_cast<std::uint16_t>(tag >> logger_id_shift);
}

// max_bytes: the string limit, read once per call and passed to both.
template <class Event>
std::size_t record_size(const Event& e, std::size_t max_bytes) noexcept {
  if constexpr (record_source<Event>::fixed)
    return align_record(record_header_size + record_source<Event>::fixed_payload);
  else
    return align_record(record_header_size + record_source<Event>::payload_size(e, max_bytes));
}

template <class Event>
void encode_record(std::byte* out, std::uint64_t tag, std::uint64_t stamp, const Event& e, std::size_t max_bytes) {
  out = put(out, tag);
  out = put(out, stamp);
  record_source<Event>::encode(out, e, max_bytes);
}

// The same, behind a plain function pointer, for the caller's slow paths.
using record_encoder = void (*)(std::byte* out, std::uint64_t tag, std::uint64_t stamp, const void* event,
                                std::size_t max_bytes);

template <class Event>
void encode_record_erased(std::byte* out, std::uint64_t tag, std::uint64_t stamp, const void* event,
                          std::size_t max_bytes) {
  encode_record(out, tag, stamp, *static_cast<const Event*>(event), max_bytes);
}

}  // namespace instrukt_ai::logging::detail
