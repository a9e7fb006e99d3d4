#include "writer.hpp"

#include "../config/logger_registry.hpp"
#include "../runtime.hpp"
#include "aggregates.hpp"
#include "internal_events.hpp"

#include <instrukt_ai/logging/detail/record/record.hpp>

#include <algorithm>

namespace instrukt_ai::logging::detail {
namespace {

constexpr std::size_t write_threshold = std::size_t{256} << 10;  // bytes buffered before a write
constexpr int release_every = 64;                                // records between ring releases
constexpr auto rotation_check_interval = std::chrono::milliseconds(200);  // stat() of the path

std::uint64_t stamp_of(const std::byte* record) noexcept {
  std::uint64_t s;
  std::memcpy(&s, record + 8, sizeof s);
  return s;
}

// Formats an event that did not come through a ring (the writer's own).
template <class Event>
void append_event(line_formatter& f, line_buffer& out, std::uint16_t logger_id, const Event& e) {
  constexpr std::size_t no_limit = ~std::size_t{0};
  std::vector<std::uint64_t> storage((record_size(e, no_limit) + 7) / 8);
  auto* rec = reinterpret_cast<std::byte*>(storage.data());
  encode_record(rec, record_tag<Event>(std::uint64_t{logger_id} << logger_id_shift), 0, e, no_limit);
  f.append_line(out, rec, realtime_ns());
}

}  // namespace

writer::writer(std::unique_ptr<file_sink> sink, std::size_t ring_bytes, std::size_t max_value_bytes,
               std::chrono::milliseconds flush_interval)
    : sink_(std::move(sink)), ring_bytes_(ring_bytes), flush_interval_(flush_interval), formatter_(max_value_bytes) {
  clock_.calibrate();
  const auto& internal = logger_registry::instance().get(internal_logger_name);
  internal_logger_id_ = static_cast<std::uint16_t>(internal.core.tag_bits >> logger_id_shift);
}

writer::~writer() { stop(); }

void writer::start() { thread_ = std::thread([this] { run(); }); }

producer* writer::attach() {
  auto p = std::make_unique<producer>(ring_bytes_);  // allocated and faulted in outside the lock
  std::lock_guard lock(mutex_);
  if (!accepting_) return nullptr;
  producers_.push_back(std::move(p));
  ++generation_;
  return producers_.back().get();
}

void writer::wake() {
  // The flag is part of the wait's condition and is set before the mutex is
  // taken, so a writer about to sleep sees it: no wake-up is lost.
  if (wake_requested_.exchange(true, std::memory_order_acq_rel)) return;
  std::lock_guard lock(mutex_);
  work_cv_.notify_one();
}

void writer::flush() {
  std::unique_lock lock(mutex_);
  if (!thread_.joinable() || stop_) return;
  const std::uint64_t ticket = ++flush_requested_;
  work_cv_.notify_one();
  flushed_cv_.wait(lock, [&] { return flush_done_ >= ticket; });
}

void writer::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stop_ && !thread_.joinable()) return;
    accepting_ = false;
    for (auto& p : producers_) p->ring.close();
    stop_ = true;
  }
  work_cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  sink_->close();
  std::lock_guard lock(mutex_);
  flush_done_ = flush_requested_;  // the final drain covered every pending flush
  flushed_cv_.notify_all();
}

void writer::abandon_in_child() noexcept {
  accepting_ = false;
  for (auto& p : producers_) p->ring.close();
}

std::uint64_t writer::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_locked();
}

std::uint64_t writer::dropped_locked() const {
  std::uint64_t total = retired_drops_;
  for (const auto& p : producers_) total += p->dropped.load(std::memory_order_relaxed);
  return total;
}

void writer::run() {
  auto next_resync = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  auto next_rotation_check = std::chrono::steady_clock::now() + rotation_check_interval;
  while (true) {
    std::uint64_t flush_target;
    bool stopping;
    {
      std::lock_guard lock(mutex_);
      flush_target = flush_requested_;
      stopping = stop_;
      if (generation_ != seen_generation_) {
        seen_generation_ = generation_;
        active_.clear();
        for (auto& p : producers_) active_.push_back(p.get());
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_resync) {
      clock_.resync();
      next_resync = now + std::chrono::seconds(1);
    }
    // Rotation: reopen_log_file() asked for it, or the path names another file now.
    const bool asked = reopen_requested.exchange(false, std::memory_order_acquire);
    if (asked || now >= next_rotation_check) {
      write_out();  // what was formatted before goes to the file it was formatted for
      sink_->reopen_if_moved(asked);
      next_rotation_check = now + rotation_check_interval;
    }

    wake_requested_.store(false, std::memory_order_relaxed);  // this pass serves it
    const bool wrote = drain();
    report_drops();
    write_aggregates(stopping);
    write_out();
    retire_finished();

    std::unique_lock lock(mutex_);
    if (flush_target > flush_done_) {
      flush_done_ = flush_target;
      flushed_cv_.notify_all();
    }
    if (stopping) break;  // the drain above ran after every ring was closed
    if (!wrote && flush_requested_ == flush_done_ && !stop_)
      work_cv_.wait_for(lock, flush_interval_, [&] {
        return wake_requested_.load(std::memory_order_relaxed) || flush_requested_ != flush_done_ || stop_;
      });
  }
}

bool writer::load_head(cursor& c) {
  c.record = c.p->ring.record_at(c.pos, c.end);
  if (c.record == nullptr) return false;
  c.stamp = stamp_of(c.record);
  return true;
}

bool writer::drain() {
  cursors_.clear();
  for (producer* p : active_) {
    cursor c{p, p->ring.read_position(), p->ring.write_position(), nullptr, 0};
    if (c.pos == c.end) continue;
    if (load_head(c))
      cursors_.push_back(c);
    else
      p->ring.release(c.pos);  // only a wrap marker was waiting
  }
  if (cursors_.empty()) return false;

  int since_release = 0;
  while (!cursors_.empty()) {
    // The oldest head record across rings: lines from different threads come out in time order.
    std::size_t pick = 0;
    for (std::size_t i = 1; i < cursors_.size(); ++i)
      if (cursors_[i].stamp < cursors_[pick].stamp) pick = i;
    cursor& c = cursors_[pick];

    c.pos += formatter_.append_line(buffer_, c.record, clock_.to_unix_ns(c.stamp));
    if (c.pos == c.end || !load_head(c)) {
      c.p->ring.release(c.pos);
      cursors_[pick] = cursors_.back();
      cursors_.pop_back();
    }
    if (++since_release == release_every) {
      since_release = 0;
      for (auto& k : cursors_) k.p->ring.release(k.pos);
    }
    if (buffer_.size() >= write_threshold) write_out();
  }
  return true;
}

void writer::write_out() {
  if (buffer_.size() == 0) return;
  const bool written = sink_->write(buffer_.view());
  buffer_.clear();
  if (written && sink_->lost_lines() > reported_lost_lines_) {
    append_event(formatter_, buffer_, internal_logger_id_, log_write_failed{sink_->lost_lines() - reported_lost_lines_});
    if (sink_->write(buffer_.view())) reported_lost_lines_ = sink_->lost_lines();
    buffer_.clear();
  }
}

void writer::retire_finished() {
  std::lock_guard lock(mutex_);
  const auto finished = [&](const std::unique_ptr<producer>& p) {
    // retired is set after the owner's last commit, so a drained ring stays drained.
    if (!p->retired.load(std::memory_order_acquire)) return false;
    if (p->ring.read_position() != p->ring.write_position()) return false;
    retired_drops_ += p->dropped.load(std::memory_order_relaxed);
    return true;
  };
  const auto before = producers_.size();
  producers_.erase(std::remove_if(producers_.begin(), producers_.end(), finished), producers_.end());
  if (producers_.size() != before) {
    ++generation_;
    seen_generation_ = generation_;
    active_.clear();
    for (auto& p : producers_) active_.push_back(p.get());
  }
}

void writer::write_aggregates(bool final) {
  std::vector<std::uint64_t> storage;
  aggregate_registry::instance().emit(
      std::chrono::steady_clock::now(), final,
      [&](const descriptor& d, std::uint64_t logger_bits, const std::byte* payload, std::size_t size) {
        storage.assign((record_header_size + size + 7) / 8, 0);
        auto* rec = reinterpret_cast<std::byte*>(storage.data());
        put(rec, reinterpret_cast<std::uintptr_t>(&d) | logger_bits);
        std::memcpy(rec + record_header_size, payload, size);
        formatter_.append_line(buffer_, rec, realtime_ns());
      });
}

void writer::report_drops() {
  std::uint64_t total;
  {
    std::lock_guard lock(mutex_);
    total = dropped_locked();
  }
  if (total == reported_drops_) return;
  append_event(formatter_, buffer_, internal_logger_id_, log_events_dropped{total - reported_drops_});
  reported_drops_ = total;
}

}  // namespace instrukt_ai::logging::detail
