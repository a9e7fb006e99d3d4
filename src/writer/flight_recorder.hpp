// The flight recorder: events the file does not take but {P}_FLIGHT_RECORDER
// does are kept, per thread, and written before that thread's next error.
//
//   caller: the event is logged as any other, into the thread's ring, its
//           tag with recorded_bit (logger_core::tag_for): no cost of its own.
//   writer: keep() copies the record, unformatted (its size from the
//           descriptor's skip_fields), with the ring's context text of the
//           moment, into that ring's history: a byte ring of
//           {P}_FLIGHT_RECORDER_BYTES that overwrites its oldest entries.
//           Before a line at ERROR or above, replay() writes the history's
//           entries from the last window (every ring's, in all_threads mode)
//           in time order, each with flight_recorder=true, and forgets them.
#pragma once

#include <instrukt_ai/logging/detail/event/descriptor.hpp>
#include <instrukt_ai/logging/detail/line/line_buffer.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace instrukt_ai::logging::detail {

class line_formatter;
struct producer;
struct ring_contexts;

struct flight_recorder_settings {
  std::size_t bytes = std::size_t{64} << 10;  // per thread
  std::chrono::nanoseconds window = std::chrono::seconds(10);
  bool all_threads = false;  // an error writes every thread's recent records
};

// Whether the flight recorder is on (the level policy has its level): new
// rings get their history at once (logger_registry sets it).
inline std::atomic<bool> recorder_wanted{false};

// One ring's kept records. Entries never straddle the buffer's end; positions
// only grow (as in spsc_ring), so the oldest entry is found from read_.
class flight_history {
 public:
  explicit flight_history(std::size_t bytes);
  bool empty() const noexcept { return read_ == write_; }
  // Keeps the record with its context text; false when it is larger than the whole history.
  bool add(const std::byte* record, std::size_t record_bytes, std::int64_t unix_ns, std::string_view context_text,
           std::uint64_t context_bits) noexcept;
  struct entry {
    const std::byte* record;
    std::int64_t unix_ns;
    std::string_view context_text;
    std::uint64_t context_bits;
  };
  // The entry at position pos (skipping a wrap), and the position after it; false at the end.
  bool at(std::uint64_t& pos, entry& out) const noexcept;
  std::uint64_t begin() const noexcept { return read_; }
  void clear() noexcept { read_ = write_; }

 private:
  std::size_t offset(std::uint64_t pos) const noexcept { return static_cast<std::size_t>(pos % capacity_); }
  std::size_t entry_bytes(std::uint64_t pos) const noexcept;  // 0: a wrap marker
  std::unique_ptr<std::uint64_t[]> words_;
  std::byte* bytes_;
  std::size_t capacity_;
  std::uint64_t read_ = 0, write_ = 0;
};

class flight_recorder {
 public:
  // rings: the writer's list of every ring, newest first (producer::next_attached).
  flight_recorder(const flight_recorder_settings& settings, const std::atomic<producer*>& rings)
      : settings_(settings), rings_(rings) {}
  // A history for a new ring, made on the thread that adds it, so that a
  // crash before the writer's next pass still finds room.
  std::unique_ptr<flight_history> make_history() const { return std::make_unique<flight_history>(settings_.bytes); }

  // A record from the ring whose contexts are `ring`, `bytes` long: kept. A
  // ring without a history gets one, but not in a signal handler (no
  // allocation): there the record is let go.
  void keep(ring_contexts& ring, const std::byte* record, std::size_t bytes, std::int64_t unix_ns, bool may_allocate);
  bool holds_any() const noexcept { return holding_ != 0; }
  // Before an error line of `ring`, stamped unix_ns: the kept events of the
  // window before it (of every ring in all_threads mode), as lines, oldest
  // first; then they are forgotten, with the older ones. may_free: false in
  // a signal handler.
  void replay(line_formatter& f, line_buffer& out, ring_contexts& ring, std::int64_t unix_ns, bool may_free);
  // Every ring's, for the fatal-signal handler: allocates nothing.
  void replay_all(line_formatter& f, line_buffer& out, std::int64_t unix_ns) noexcept;
  // The ring's thread has ended: the ring is being freed, or (goes_on) taken
  // over by a new thread. In all_threads mode its history is kept for the
  // next error (at most max_orphans of them); else it goes, since that
  // thread has no error to come. Without allocation (in a signal handler) it goes.
  void release(ring_contexts& ring, bool goes_on, bool may_allocate);
  static constexpr std::size_t max_orphans = 64;

 private:
  void replay_histories(line_formatter& f, line_buffer& out, flight_history* const* histories, std::size_t count,
                        std::int64_t unix_ns) noexcept;

  flight_recorder_settings settings_;
  const std::atomic<producer*>& rings_;
  std::vector<std::unique_ptr<flight_history>> orphans_;  // of ended threads, oldest first
  std::size_t holding_ = 0;                               // histories not empty
};

}  // namespace instrukt_ai::logging::detail
