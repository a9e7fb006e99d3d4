#include "line_format.hpp"

#include <instrukt_ai/logging/detail/line/decimal.hpp>
#include <instrukt_ai/logging/detail/line/timestamp.hpp>

#include "../line/rfc3339.hpp"
#include <instrukt_ai/logging/detail/context/context_record.hpp>
#include <instrukt_ai/logging/detail/record/record.hpp>

#include <instrukt_ai/logging/logfmt.hpp>

#include <array>
#include <bitset>
#include <unistd.h>
#include <cstring>

namespace instrukt_ai::logging::detail {
namespace {

// The per-line part of the timestamp.
void put_micros(char* out, unsigned us) noexcept { decimal::write_fixed_width(out, us, 6); }

constexpr std::array<std::string_view, 6> level_fragments{
    " level=TRACE", " level=DEBUG", " level=INFO", " level=WARNING", " level=ERROR", " level=CRITICAL"};

}  // namespace

void line_formatter::append_time(line_buffer& out, std::int64_t unix_ns) {
  const std::int64_t second = floor_div(unix_ns, 1'000'000'000);
  if (second != cached_second_) {
    write_second_prefix(cached_prefix_, second);
    cached_second_ = second;
  }
  out.reserve_more(rfc3339_length);
  char* p = out.cursor();
  std::memcpy(p, cached_prefix_, sizeof cached_prefix_);
  put_micros(p + 20, static_cast<unsigned>((unix_ns - second * 1'000'000'000) / 1000));
  p[26] = 'Z';
  out.advance(rfc3339_length);
}

[[gnu::always_inline]] inline const std::byte* line_formatter::append_event_part(line_buffer& out, const descriptor& d, std::uint64_t tag,
                                                   const std::byte* record, std::int64_t unix_ns) {
  const logger_entry& logger = logger_registry::instance().by_id(record_logger_id(tag));
  append_time(out, unix_ns);
  out.append(level_fragments[static_cast<std::size_t>(d.severity)]);
  out.append(logger.logger_fragment);
  out.append(d.msg_fragment);
  format_context ctx{out, scratch_, max_value_bytes_, in_signal_handler_, d.keys};
  // For an event: fields_formatter<its field specs>::format (record/fields_formatter.hpp),
  // set in its descriptor_of (event/event_codec.hpp): each field through its codec.
  return d.format_fields(record + record_header_size, ctx);
}

std::size_t line_formatter::append_line(line_buffer& out, const std::byte* record, std::int64_t unix_ns,
                                        ring_contexts& contexts) {
  std::uint64_t tag;
  take(record, tag);
  const descriptor& d = *record_descriptor(tag);
  if (d.role != record_role::line || (tag & recorded_bit) != 0) [[unlikely]] {
    if (d.role != record_role::line) return apply_context(contexts, d, record);
    // For the flight recorder: kept as it is, formatted only if an error comes.
    const std::byte* end = d.skip_fields(record + record_header_size);
    const std::size_t bytes = align_record(static_cast<std::size_t>(end - record));
    if (recorder_ != nullptr) recorder_->keep(contexts, record, bytes, unix_ns, !in_signal_handler_);
    return bytes;
  }
  // An error: first the events the flight recorder kept for it.
  if (d.severity >= level::error && recorder_ != nullptr && recorder_->holds_any()) [[unlikely]]
    recorder_->replay(*this, out, contexts, unix_ns, !in_signal_handler_);
  const std::byte* end = append_event_part(out, d, tag, record, unix_ns);
  if (contexts.merged_size != 0) [[unlikely]] append_contexts(out, d, contexts);
  out.push_back('\n');
  return align_record(static_cast<std::size_t>(end - record));
}

void line_formatter::append_replayed_line(line_buffer& out, const std::byte* record, std::int64_t unix_ns,
                                          std::string_view context_text, std::uint64_t context_bits) {
  std::uint64_t tag;
  take(record, tag);
  const descriptor& d = *record_descriptor(tag);
  append_event_part(out, d, tag, record, unix_ns);
  out.append(" flight_recorder=true");
  if ((d.key_bits & context_bits) == 0) {
    out.append(context_text);
  } else {
    // Maybe a key of the line's own: the event's value wins, as on a line written at once.
    std::bitset<ring_contexts::max_pairs> own_key;
    {
      const std::string_view own = out.view().substr(out.view().rfind('\n') + 1);  // the line so far
      logfmt::pair_reader merged(context_text);
      logfmt::pair_view p;
      for (std::size_t i = 0; merged.next(p) && i < own_key.size(); ++i) {
        logfmt::pair_reader line(own);
        logfmt::pair_view q;
        while (line.next(q))
          if (q.key == p.key) {
            own_key.set(i);
            break;
          }
      }
    }
    logfmt::pair_reader merged(context_text);
    logfmt::pair_view p;
    for (std::size_t i = 0; merged.next(p); ++i)
      if (i >= own_key.size() || !own_key.test(i)) out.append(pair_text(p));
  }
  out.push_back('\n');
}

namespace {

// Notes that a context level's text did not fit: its fields are left out.
void cut_target(void* overflowed, std::string_view) noexcept { *static_cast<bool*>(overflowed) = true; }

}  // namespace

std::size_t line_formatter::apply_context(ring_contexts& contexts, const descriptor& d, const std::byte* record) {
  const std::byte* payload = record + record_header_size;
  if (d.role == record_role::context_pop) {
    std::uint64_t levels;
    take(payload, levels);
    contexts.pop(levels);
    // Every level at once: a thread took the ring over (replay_contexts). What the
    // recorder kept of the ring's last thread is not this thread's.
    if (levels == ~std::uint64_t{0} && recorder_ != nullptr) recorder_->release(contexts, true, !in_signal_handler_);
    return align_record(record_header_size + sizeof levels);
  }
  // A push: its fields as text, formatted here once (into the ring's own
  // storage: no allocation, so the signal handler's drain does the same).
  const std::size_t level = contexts.levels_with_text();
  const std::size_t used = contexts.text_used();
  const std::size_t room = ring_contexts::text_capacity - used;
  bool overflowed = level == ring_contexts::max_levels || room < ring_contexts::min_level_room;
  const spill_target cut{&cut_target, &overflowed};
  line_buffer text(contexts.text + used, overflowed ? ring_contexts::min_level_room : room);
  text.set_spill(&cut);
  char discard[ring_contexts::min_level_room];  // where an overflowing level is formatted, to find its end
  line_buffer nowhere(discard, sizeof discard);
  nowhere.set_spill(&cut);
  format_context ctx{overflowed ? nowhere : text, scratch_, max_value_bytes_, in_signal_handler_, d.keys};
  const std::byte* end = d.format_fields(payload, ctx);
  if (level < ring_contexts::max_levels) {
    contexts.level_end[level] = static_cast<std::uint32_t>(used + (overflowed ? 0 : text.size()));
    contexts.level_context[level] = &d;
    contexts.level_cut[level] = overflowed;
  }
  if (overflowed && !in_signal_handler_ && !cut_reported_) {
    cut_reported_ = true;
    const std::string text = "instrukt_ai::logging: the fields of context " + std::string(d.name) +
                             " did not fit in its ring's " + std::to_string(ring_contexts::text_capacity) +
                             " bytes of context text (or past " + std::to_string(ring_contexts::max_levels) +
                             " levels) and are left out of its lines (reported once)\n";
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, text.data(), text.size());
  }
  ++contexts.depth;
  contexts.push_merged();
  return align_record(static_cast<std::size_t>(end - record));
}

void line_formatter::append_contexts(line_buffer& out, const descriptor& d, ring_contexts& contexts) {
  if ((d.key_bits & contexts.merged_bits) == 0 || contexts.no_clash_with == &d) [[likely]] {
    out.append(contexts.merged_text());
    return;
  }
  // Maybe a key of the line's own: the event's value wins, the context's is left out.
  std::bitset<ring_contexts::max_pairs> own_key;
  bool clash = false;
  {
    const std::string_view own = out.view().substr(out.view().rfind('\n') + 1);  // the line so far
    logfmt::pair_reader merged(contexts.merged_text());
    logfmt::pair_view p;
    for (std::size_t i = 0; merged.next(p); ++i) {
      logfmt::pair_reader line(own);
      logfmt::pair_view q;
      while (line.next(q))
        if (q.key == p.key) {
          own_key.set(i);
          clash = true;
          report_clash(d, *contexts.level_context[contexts.merged_level[i]], p.key);
          break;
        }
    }
  }
  if (!clash) {
    if (d.key_bits != ~std::uint64_t{0}) contexts.no_clash_with = &d;  // the same keys every time
    out.append(contexts.merged_text());
    return;
  }
  logfmt::pair_reader merged(contexts.merged_text());
  logfmt::pair_view p;
  for (std::size_t i = 0; merged.next(p); ++i)
    if (!own_key.test(i)) out.append(pair_text(p));
}

void line_formatter::report_clash(const descriptor& d, const descriptor& context, std::string_view key) {
  context_key_clash_count.fetch_add(1, std::memory_order_relaxed);
  if (in_signal_handler_) return;  // no allocation, no stdio there
  std::string id = std::string(d.name) + ' ' + std::string(key);
  for (const auto& seen : reported_clashes_)
    if (seen == id) return;
  reported_clashes_.push_back(std::move(id));
  const std::string text = "instrukt_ai::logging: the event " + std::string(d.name) + " and the context " +
                           std::string(context.name) + " both have the key " + std::string(key) +
                           "; the line keeps the event's value (reported once)\n";
  [[maybe_unused]] const auto n = ::write(STDERR_FILENO, text.data(), text.size());
}

}  // namespace instrukt_ai::logging::detail
