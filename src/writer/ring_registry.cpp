// The rings the writer owns: one per logging thread (attach), taken over by a
// new thread once its owner exited, and freed once drained (retire_finished).
// The writer reads its own copy of the list (active_), refreshed when it changed.
#include "writer.hpp"

#include <algorithm>

namespace instrukt_ai::logging::detail {

producer* writer::attach() {
  {
    // A ring whose thread has exited goes on with this thread: one producer at
    // a time, its records after the old ones, so nothing changes for the reader.
    std::lock_guard lock(mutex_);
    if (!accepting_) return nullptr;
    for (auto& p : producers_)
      if (p.get() != shared_ && p->retired.load(std::memory_order_acquire)) {
        p->retired.store(false, std::memory_order_relaxed);
        return p.get();
      }
  }
  return add_ring(ring_bytes_);
}

producer* writer::add_ring(std::size_t bytes) {
  auto p = std::make_unique<producer>(bytes);  // allocated and faulted in outside the lock
  if (recorder_wanted.load(std::memory_order_relaxed)) p->contexts->history = recorder_.make_history();
  std::lock_guard lock(mutex_);
  if (!accepting_) return nullptr;
  p->next_attached = newest_.load(std::memory_order_relaxed);
  newest_.store(p.get(), std::memory_order_release);  // a signal handler may walk the list now
  producers_.push_back(std::move(p));
  ++generation_;
  return producers_.back().get();
}

void writer::abandon_in_child() noexcept {
  accepting_ = false;
  for (auto& p : producers_) p->ring.close();
}

std::uint64_t writer::dropped() const {
  std::lock_guard lock(mutex_);
  std::uint64_t total = dropped_locked() + retired_too_large_;
  for (const auto& p : producers_) total += p->too_large.load(std::memory_order_relaxed);
  return total;
}

std::uint64_t writer::dropped_locked() const {
  std::uint64_t total = retired_drops_;
  for (const auto& p : producers_) total += p->dropped.load(std::memory_order_relaxed);
  return total;
}

void writer::refresh_active_locked() {
  if (generation_ == seen_generation_) return;
  seen_generation_ = generation_;
  active_.clear();
  for (auto& p : producers_) active_.push_back(p.get());
}

void writer::retire_finished() {
  std::lock_guard lock(mutex_);
  const auto finished = [&](const std::unique_ptr<producer>& p) {
    // retired is set after the owner's last commit, so a drained ring stays drained.
    if (!p->retired.load(std::memory_order_acquire)) return false;
    if (p->ring.read_position() != p->ring.write_position()) return false;
    retired_drops_ += p->dropped.load(std::memory_order_relaxed);
    retired_too_large_ += p->too_large.load(std::memory_order_relaxed);
    recorder_.release(*p->contexts, false, true);  // its kept events can no longer precede its thread's error
    return true;
  };
  const auto before = producers_.size();
  producers_.erase(std::remove_if(producers_.begin(), producers_.end(), finished), producers_.end());
  if (producers_.size() != before) {
    ++generation_;
    refresh_active_locked();
    producer* newest = nullptr;  // relinked during a pass: no signal handler walks it now
    for (auto& p : producers_) {
      p->next_attached = newest;
      newest = p.get();
    }
    newest_.store(newest, std::memory_order_release);
  }
}

}  // namespace instrukt_ai::logging::detail
