// The central writer's state: every source ({host}/{app}/{file}.log) it has
// lines for, with its order (source_order.hpp) and, while it is written to,
// its open file. Lines keep flowing for any number of sources:
// - at most `max_open` files are open at once (the least recently written is
//   closed first), and a file idle for `idle_close` is closed;
// - a source idle for `idle_release`, its lines written and its order saved,
//   is forgotten (its order is read again from its state file if it comes back);
// - a source that cannot be written (a bad path, a symlink, a permission) is
//   reported, holds up to `hold_bytes` of lines and counts the rest as lost,
//   and is tried again every `retry`; it never holds another source back;
// - only a failure of the disk itself (full, quota, I/O error, no descriptors)
//   holds the input back, so that rsyslog stops acknowledging and nothing is lost.
#pragma once

#include "central_tree.hpp"
#include "source_order.hpp"

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace instrukt_ai::central {

using clock = std::chrono::steady_clock;

struct writer_settings {
  std::size_t max_open = 256;
  clock::duration idle_close = std::chrono::seconds(10);
  clock::duration idle_release = std::chrono::seconds(60);
  clock::duration retry = std::chrono::seconds(5);
  std::size_t hold_bytes = std::size_t{1} << 20;
};

class central_writer {
 public:
  central_writer(central_tree tree, writer_settings settings);
  ~central_writer();

  // One delivery (sender, then frame), without its '\n'.
  void take(std::string_view text, clock::time_point now);

  // Writes what the frames so far gave, and at most every 200 ms (and when
  // `last`) saves the order of each source written to, after its lines: after
  // a crash in between, lines of the last 200 ms can be reported as a gap or,
  // sent again, written twice; none is skipped. False when the disk itself
  // failed: read no more frames until it is called again and returns true.
  bool write_out(clock::time_point now, bool last = false);

  // An order taken but not yet saved: call write_out() within 250 ms.
  bool unsaved() const noexcept { return unsaved_ > 0; }

  // At the end of input, after the drain: lines still not written are
  // reported as lost. Returns how many.
  std::uint64_t give_up();

  std::size_t open_files() const noexcept { return lru_.size(); }
  std::size_t known_sources() const noexcept { return sources_.size(); }

 private:
  struct source;
  enum class outcome { written, held, broken };

  source& source_for(std::string_view host, std::string_view app, std::string_view file, clock::time_point now);
  outcome write_source(source& s, clock::time_point now);
  bool open_source(source& s);
  void close_source(source& s);
  void save_order(source& s);
  void mark_saved(source& s, bool saved);
  void housekeeping(clock::time_point now);

  central_tree tree_;
  writer_settings settings_;
  std::unordered_map<std::string, std::unique_ptr<source>> sources_;
  std::list<source*> lru_;  // open files, most recently written first
  std::size_t unsaved_ = 0;
  std::string key_;
  std::string bytes_;  // the frame being taken, decoded
  clock::time_point last_check_{}, last_save_{};
};

}  // namespace instrukt_ai::central
