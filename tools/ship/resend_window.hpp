// The frames that may not have reached the central writer yet, so that each
// source can be read again from before the first of them: after the link to
// rsyslogd broke (rsyslogd restarted or killed) and after the shipper's own
// restart (its saved positions are these points).
//
// A frame has surely arrived once it has left the socket's buffers and
// rsyslogd's reading (at most `buffered_bytes`) and then `unacknowledged`
// more frames have: the agent's rsyslogd has no queue (Direct), its RELP
// window holds at most that many frames unacknowledged, and the aggregator
// acknowledges a frame once the central writer's pipe took it (Direct too).
#pragma once

#include "source_file.hpp"

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

namespace instrukt_ai::ship {

class resend_window {
 public:
  resend_window(std::size_t unacknowledged, std::uint64_t buffered_bytes)
      : unacknowledged_(unacknowledged), buffered_(buffered_bytes) {}

  void sent(source_file& s, const chunk& c, std::uint64_t wire_bytes);

  // For each source with frames in the window: the first offset of each of
  // its generations there, oldest first.
  std::unordered_map<const source_file*, std::vector<resume_point>> resume_points() const;

  void clear() noexcept { entries_.clear(); }
  void set_buffered(std::uint64_t bytes) noexcept { buffered_ = bytes; }
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct entry {
    const source_file* source;
    generation_ptr from;
    std::uint64_t offset;
    std::uint64_t wire_end;  // bytes written to the socket up to this frame's end
  };
  std::size_t unacknowledged_;
  std::uint64_t buffered_;
  std::uint64_t wire_ = 0;
  std::deque<entry> entries_;
};

}  // namespace instrukt_ai::ship
