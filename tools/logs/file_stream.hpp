// One file's matching groups, in timestamp order. A plain file is mapped and
// its window found by a search on the timestamps (a scan where they go back);
// a .gz archive is decompressed as it is read. Lines written out of order (up
// to out_of_order_tolerance) are put back in order, holding at most
// max_held_groups groups or max_held_bytes of archive text: past that (many
// lines of one timestamp) they print in file order.
#pragma once

#include "common/log_files.hpp"
#include "scan.hpp"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace instrukt_ai::logs {

inline constexpr std::size_t max_held_groups = 1'000'000;
inline constexpr std::size_t max_held_bytes = std::size_t{64} << 20;

struct group {
  micros time = no_time;
  std::uint64_t seq = 0;  // order in its file, for equal times
  std::string_view text;  // into the mapping, or into `owned`
  std::string owned;      // the text of a group read from an archive
  std::string_view view() const noexcept { return text.data() ? text : std::string_view(owned); }
};

class file_stream {
 public:
  virtual ~file_stream() = default;
  // The next group in timestamp order; false at the end.
  bool next(group& out);
  // Why the file could not be read in full (an error to report), if it could not.
  const std::string& error() const noexcept { return error_; }
  // Something to say about how it was read (not an error), if anything.
  const std::string& notice() const noexcept { return notice_; }
  // The newest timestamp read so far.
  micros newest() const noexcept { return state_.newest; }

 protected:
  file_stream(const query& q) : query_(q) {}
  // Scans more of the file into the pending groups; false when there is no more.
  virtual bool read_more() = 0;
  // Whether a group handed out can still be read (a mapped file can shrink).
  virtual bool readable(const group&) noexcept { return true; }
  void scan(std::string_view block, bool copy);

  const query& query_;
  scan_state state_;
  std::string error_, notice_;

 private:
  // Groups read but not yet handed on: those that came in timestamp order
  // (nearly all) in a queue, the others in a min-heap by (time, seq).
  std::deque<group> in_order_;
  std::vector<group> late_;
  std::uint64_t seq_ = 0;
  std::size_t held_bytes_ = 0;   // of the groups' owned text
  micros read_up_to_ = no_time;  // the newest timestamp scanned
  bool done_ = false;
};

// Where a live file's window ended, for --follow to go on from.
struct follow_point {
  int fd = -1;
  std::uint64_t offset = 0;  // after the last complete line read
};

// The stream for one file; nullptr with `error` set when it cannot be opened.
// A plain file's descriptor is closed once it is mapped, unless `follow` and
// the file is live (take_follow_point() hands it on): the window holds no
// descriptor per file, whatever the number of files.
std::unique_ptr<file_stream> open_stream(const log_file& file, const query& q, bool follow, std::string& error);

// For a mapped (uncompressed) stream: hands its descriptor and end offset over
// (the stream keeps reading its mapping). Invalid for an archive.
follow_point take_follow_point(file_stream& stream);

// The newest timestamp in the file's last 64 KiB (plain files), for the
// "nothing matched" message.
std::optional<micros> newest_time(const log_file& file);

}  // namespace instrukt_ai::logs
