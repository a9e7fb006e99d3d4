// Turns one record into one line:
//   <RFC 3339 time> level=<LEVEL> logger=<name> msg=<event> <key>=<value>...\n
#pragma once

#include "../config/logger_registry.hpp"
#include "flight_recorder.hpp"
#include "ring_contexts.hpp"
#include "stamp_clock.hpp"

#include <instrukt_ai/logging/detail/line/line_buffer.hpp>
#include <instrukt_ai/logging/detail/event/record_source.hpp>
#include <instrukt_ai/logging/formatted.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

namespace instrukt_ai::logging::detail {

class line_formatter {
 public:
  explicit line_formatter(std::size_t max_value_bytes) : max_value_bytes_(max_value_bytes) {}

  // Appends the record's line; returns the record's size in the ring. A
  // ring's records pass `contexts`: its lines end with their fields, and its
  // context records (no line) change them. Other records (the writer's own,
  // stderr's) pass none: they are never context records.
  std::size_t append_line(line_buffer& out, const std::byte* record, std::int64_t unix_ns,
                          ring_contexts& contexts = ring_contexts::none);

  // A kept event's line (flight_recorder.hpp): as append_line's, with
  // flight_recorder=true after its fields, then the context text it had.
  void append_replayed_line(line_buffer& out, const std::byte* record, std::int64_t unix_ns,
                            std::string_view context_text, std::uint64_t context_bits);

  // The writer's flight recorder: a ring's recorded records go to it, and it
  // writes them before the ring's next error line. None: they are let go.
  void set_recorder(flight_recorder* recorder) noexcept { recorder_ = recorder; }

  // Inside a fatal-signal handler nothing may allocate: values formatted by
  // fmt are cut at the scratch buffer's capacity, reserved here beforehand.
  void reserve_scratch(std::size_t bytes) { scratch_.buffer.reserve(bytes); }
  void set_in_signal_handler(bool on) noexcept { in_signal_handler_ = on; }

 private:
  void append_time(line_buffer& out, std::int64_t unix_ns);
  // Time, level, logger, msg and fields; returns the end of the payload.
  const std::byte* append_event_part(line_buffer& out, const descriptor& d, std::uint64_t tag, const std::byte* record,
                                     std::int64_t unix_ns);
  std::size_t apply_context(ring_contexts& contexts, const descriptor& d, const std::byte* record);
  void append_contexts(line_buffer& out, const descriptor& d, ring_contexts& contexts);
  void report_clash(const descriptor& d, const descriptor& context, std::string_view key);

  flight_recorder* recorder_ = nullptr;
  std::size_t max_value_bytes_;
  bool in_signal_handler_ = false;
  format_scratch scratch_;
  std::int64_t cached_second_ = INT64_MIN;
  char cached_prefix_[20]{};  // "YYYY-MM-DDTHH:MM:SS."
  std::vector<std::string> reported_clashes_;  // "event key", each reported once on stderr
  bool cut_reported_ = false;                  // a context level that did not fit, once on stderr
};

// Formats an event that did not come through a ring (the writer's own), stamped now.
template <class Event>
void append_event(line_formatter& f, line_buffer& out, std::uint16_t logger_id, const Event& e) {
  constexpr std::size_t no_limit = ~std::size_t{0};
  std::vector<std::uint64_t> storage((record_size(e, no_limit) + 7) / 8);
  auto* rec = reinterpret_cast<std::byte*>(storage.data());
  encode_record(rec, record_tag<Event>(std::uint64_t{logger_id} << logger_id_shift), 0, e, no_limit);
  f.append_line(out, rec, realtime_ns());
}

// Where the writer's own lines go during a pass: formatted at once into its buffer.
struct own_lines {
  line_formatter& formatter;
  line_buffer& out;
  std::uint16_t logger_id;
  template <class Event>
  void operator()(const Event& e) const {
    append_event(formatter, out, logger_id, e);
  }
};

}  // namespace instrukt_ai::logging::detail
