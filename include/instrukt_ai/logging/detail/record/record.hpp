// The binary record an event becomes on the calling thread:
//
//   u64 tag     descriptor address (bits 0-47) | logger id (bits 48-63);
//               bits 0 and 1 (descriptors are 8-aligned): recorded_bit, enabled_bit
//   u64 stamp   raw clock reading (TSC ticks on x86-64), converted by the writer
//   payload     each field's codec bytes, in declaration order
//   padding     to a multiple of 8 bytes
//
// A tag of 0 is never a record: it tells the reader to skip to the ring's start.
// The payload's bytes come from fields_encoder.hpp, its text from fields_formatter.hpp;
// which record an event becomes is the event side's (event/record_source.hpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace instrukt_ai::logging::detail {

struct descriptor;  // event/descriptor.hpp

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

inline const descriptor* record_descriptor(std::uint64_t tag) noexcept {
  return reinterpret_cast<const descriptor*>(static_cast<std::uintptr_t>(tag & descriptor_mask));
}
inline std::uint16_t record_logger_id(std::uint64_t tag) noexcept {
  return static_cast<std::uint16_t>(tag >> logger_id_shift);
}

}  // namespace instrukt_ai::logging::detail
