#include "resend_window.hpp"

#include <algorithm>

namespace instrukt_ai::ship {

void resend_window::sent(source_file& s, const chunk& c, std::uint64_t wire_bytes) {
  wire_ += wire_bytes;
  entries_.push_back({&s, c.from, c.offset, wire_});
  // The frames still within the buffers, then `unacknowledged` (and two being
  // handled) before them, stay.
  const std::uint64_t left = wire_ > buffered_ ? wire_ - buffered_ : 0;
  const auto buffered = std::partition_point(entries_.begin(), entries_.end(),
                                             [&](const entry& e) { return e.wire_end <= left; });
  const auto settled = static_cast<std::size_t>(buffered - entries_.begin());
  const std::size_t keep_back = unacknowledged_ + 2;
  if (settled > keep_back) entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(settled - keep_back));
}

std::unordered_map<const source_file*, std::vector<resume_point>> resend_window::resume_points() const {
  std::unordered_map<const source_file*, std::vector<resume_point>> out;
  for (const auto& e : entries_) {
    auto& points = out[e.source];
    if (std::none_of(points.begin(), points.end(), [&](const resume_point& p) { return p.first == e.from; }))
      points.emplace_back(e.from, e.offset);
  }
  return out;
}

}  // namespace instrukt_ai::ship
