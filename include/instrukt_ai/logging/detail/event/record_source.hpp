// Which record a value becomes: its descriptor (the record's tag) and, in the
// shape of a fields_encoder (record/fields_encoder.hpp), its payload's size and
// bytes. For records built from a whole value: extended and throttled events,
// the library's own lines, messages (raw_message.hpp). A plain event's fields
// take the shorter way, through its tie (logger.hpp).
#pragma once

#include <instrukt_ai/logging/detail/event/extended.hpp>
#include <instrukt_ai/logging/detail/record/record.hpp>

#include <cstddef>
#include <cstdint>

namespace instrukt_ai::logging::detail {

template <class R>
struct record_source {
  static constexpr const descriptor* desc = &descriptor_of<R>;
  static constexpr bool fixed = event_codec<R>::fixed;
  static constexpr std::size_t fixed_payload = event_codec<R>::fixed_payload_size();
  static std::size_t payload_size(std::size_t max, const R& r) noexcept { return event_codec<R>::payload_size(r, max); }
  static std::byte* encode(std::byte* out, std::size_t max, const R& r) { return event_codec<R>::encode(out, r, max); }
};

template <class Event, class Extra, level Severity>
struct record_source<extended_event<Event, Extra, Severity>> {
  using self = extended_event<Event, Extra, Severity>;
  static constexpr const descriptor* desc = &extended_descriptor<Event, Extra, Severity>;
  static constexpr bool fixed = event_codec<Event>::fixed && event_codec<Extra>::fixed;
  static constexpr std::size_t fixed_payload =
      fixed ? event_codec<Event>::fixed_payload_size() + event_codec<Extra>::fixed_payload_size() : variable_size;
  static std::size_t payload_size(std::size_t max, const self& r) noexcept {
    return event_codec<Event>::payload_size(r.event, max) + event_codec<Extra>::payload_size(r.extra, max);
  }
  static std::byte* encode(std::byte* out, std::size_t max, const self& r) {
    return event_codec<Extra>::encode(event_codec<Event>::encode(out, r.event, max), r.extra, max);
  }
};

template <class R>
std::uint64_t record_tag(std::uint64_t logger_bits) noexcept {
  return descriptor_tag(record_source<R>::desc, logger_bits);
}

// max_bytes: the string limit, read once per call and passed to both.
template <class R>
std::size_t record_size(const R& r, std::size_t max_bytes) noexcept {
  if constexpr (record_source<R>::fixed)
    return align_record(record_header_size + record_source<R>::fixed_payload);
  else
    return align_record(record_header_size + record_source<R>::payload_size(max_bytes, r));
}

// A whole record into `out` (the caller's slow paths, the signal handler, tests).
template <class R>
void encode_record(std::byte* out, std::uint64_t tag, std::uint64_t stamp, const R& r, std::size_t max_bytes) {
  out = put(out, tag);
  out = put(out, stamp);
  record_source<R>::encode(out, max_bytes, r);
}

// The same, behind a plain function pointer.
using record_encoder = void (*)(std::byte* out, std::uint64_t tag, std::uint64_t stamp, const void* event,
                                std::size_t max_bytes);

template <class R>
void encode_record_erased(std::byte* out, std::uint64_t tag, std::uint64_t stamp, const void* event,
                          std::size_t max_bytes) {
  encode_record(out, tag, stamp, *static_cast<const R*>(event), max_bytes);
}

}  // namespace instrukt_ai::logging::detail
