// The writer's pass: what it does each time it runs (run()), and the merge of
// the rings into lines. The signal hand-over is in signal_handover.cpp, the
// rings' registry in ring_registry.cpp.
#include "writer.hpp"

#include "../config/logger_registry.hpp"
#include "../crash/signal_safe.hpp"
#include "../runtime.hpp"
#include "aggregates.hpp"
#include "suppressed_counts.hpp"

#include <instrukt_ai/logging/detail/event/record_source.hpp>

#include <algorithm>
#include <csignal>
#include <pthread.h>

namespace instrukt_ai::logging::detail {
namespace {

constexpr std::size_t write_threshold = std::size_t{256} << 10;  // bytes buffered before a write
constexpr int release_every = 64;                                // records between ring releases
constexpr auto rotation_check_interval = std::chrono::milliseconds(200);  // stat() of the path
constexpr std::size_t shared_ring_bytes = std::size_t{64} << 10;         // for threads past their teardown

std::uint64_t stamp_of(const std::byte* record) noexcept {
  std::uint64_t s;
  std::memcpy(&s, record + 8, sizeof s);
  return s;
}

}  // namespace

writer::writer(std::unique_ptr<file_sink> sink, std::unique_ptr<control_file> control, std::size_t ring_bytes,
               std::size_t max_value_bytes, std::chrono::milliseconds flush_interval,
               const flight_recorder_settings& recorder)
    : sink_(std::move(sink)),
      ring_bytes_(ring_bytes),
      flush_interval_(flush_interval),
      recorder_(recorder, newest_),
      formatter_(max_value_bytes),
      levels_(std::move(control)) {
  formatter_.set_recorder(&recorder_);
  clock_.calibrate();
  // A signal handler's drain cannot grow the buffer fmt formats into: make it roomy now.
  formatter_.reserve_scratch(std::min(max_value_bytes + 1, std::size_t{64} << 10));
  const auto& internal = logger_registry::instance().get(internal_logger_name);
  internal_logger_id_ = static_cast<std::uint16_t>(internal.core.tag_bits >> logger_id_shift);
  shared_ = add_ring(shared_ring_bytes);
}

writer::~writer() { stop(); }

void writer::start() {
  // The thread starts with every signal blocked but those a fault raises (and
  // SIGABRT): a SIGTERM sent to the process is handled on a thread of the
  // service, never here, where the fatal-signal handler could not drain the rings.
  sigset_t blocked, before;
  sigfillset(&blocked);
  for (int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT}) sigdelset(&blocked, s);
  ::pthread_sigmask(SIG_SETMASK, &blocked, &before);
  struct restore_mask {
    const sigset_t& mask;
    ~restore_mask() { ::pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
  } restore{before};
  thread_ = std::thread([this] { run(); });
  ::pthread_setname_np(thread_.native_handle(), "ial-writer");
}

void writer::wake() {
  // The flag is part of the wait's condition and is set before the mutex is
  // taken, so a writer about to sleep sees it: no wake-up is lost.
  if (wake_requested_.exchange(true, std::memory_order_acq_rel)) return;
  std::lock_guard lock(mutex_);
  work_cv_.notify_one();
}

void writer::flush() {
  // Called by a formatter on the writer thread: it would wait for itself. It
  // returns at once and flushes nothing; the pass it runs in writes the lines.
  if (on_writer_thread) return;
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
  stopping_.store(true, std::memory_order_release);
  work_cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  sink_->close();
  std::lock_guard lock(mutex_);
  flush_done_ = flush_requested_;  // the final drain covered every pending flush
  flushed_cv_.notify_all();
}

void writer::run() {
  on_writer_thread = true;
  thread_tid_.store(signal_safe::thread_id(), std::memory_order_relaxed);
  auto next_resync = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  auto next_rotation_check = std::chrono::steady_clock::now();
  while (true) {
    std::uint64_t flush_target;
    bool stopping;
    {
      std::lock_guard lock(mutex_);
      flush_target = flush_requested_;
      stopping = stop_;
      refresh_active_locked();
    }
    if (!begin_pass()) continue;  // a signal handler held the writer; it is back: start over
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_resync) {
      clock_.resync();
      next_resync = now + std::chrono::seconds(1);
    }
    // Rotation: reopen_log_file() asked for it, the folder watch saw the path
    // renamed or deleted (reopened within this pass), or, as a fallback, the
    // periodic stat() finds that the path names another file now.
    const bool asked = reopen_requested.exchange(false, std::memory_order_acquire);
    if (asked || sink_->path_moved() || now >= next_rotation_check) {
      write_out();  // what was formatted before goes to the file it was formatted for
      sink_->reopen_if_moved(asked);
      next_rotation_check = now + rotation_check_interval;
    }
    levels_.run_if_due(now, own_lines{formatter_, buffer_, internal_logger_id_});

    wake_requested_.store(false, std::memory_order_relaxed);  // this pass serves it
    bool cut_short = false;  // a signal handler asked for the rings mid-drain
    const bool wrote = drain(cut_short);
    if (!cut_short && (flush_target > flush_done_ || stopping)) write_suppressed_counts();
    report_drops();
    write_aggregates(stopping);
    write_out();
    retire_finished();
    end_pass();

    std::unique_lock lock(mutex_);
    if (cut_short) continue;  // not everything was drained by this pass: run another
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

bool writer::drain(bool& cut_short) {
  // The rings' ends are read, then the list is checked: a ring added before
  // the check is read too (the reads start over), and one added after it holds
  // only records stamped after these ends. Otherwise a new thread's lines,
  // older than a record already read from another ring (a thread's last lines
  // and its teardown's, in the shared ring), would come out after it.
  while (true) {
    cursors_.clear();
    for (producer* p : active_) {
      cursor c{p, p->ring.read_position(), p->ring.write_position(), nullptr, 0};
      if (c.pos != c.end) cursors_.push_back(c);
    }
    std::lock_guard lock(mutex_);
    if (generation_ == seen_generation_) break;
    refresh_active_locked();
  }
  std::size_t kept = 0;
  for (cursor& c : cursors_) {
    if (load_head(c))
      cursors_[kept++] = c;
    else
      c.p->ring.release(c.pos);  // only a wrap marker was waiting
  }
  cursors_.resize(kept);
  if (cursors_.empty()) return false;
  cut_short = merge(cursors_.data(), cursors_.size(), true);
  return true;
}

bool writer::merge(cursor* heads, std::size_t count, bool yield_to_signal) {
  int since_release = 0;
  while (count > 0) {
    // The oldest head record across rings: lines from different threads come out in time order.
    std::size_t pick = 0;
    for (std::size_t i = 1; i < count; ++i)
      if (heads[i].stamp < heads[pick].stamp) pick = i;
    cursor& c = heads[pick];

    c.pos += formatter_.append_line(buffer_, c.record, clock_.to_unix_ns(c.stamp), *c.p->contexts);
    if (c.pos == c.end || !load_head(c)) {
      c.p->ring.release(c.pos);
      heads[pick] = heads[--count];
    }
    if (++since_release == release_every) {
      since_release = 0;
      for (std::size_t i = 0; i < count; ++i) heads[i].p->ring.release(heads[i].pos);
      // A signal handler asks for the rings: what is formatted is written, it takes the rest.
      if (yield_to_signal && signal_requested_.load(std::memory_order_relaxed)) return true;
    }
    if (buffer_.size() >= write_threshold) write_out();
  }
  return false;
}

void writer::write_out() {
  if (buffer_.size() == 0) return;
  const bool written = sink_->write(buffer_.view(), !in_signal_handler_);
  buffer_.clear();
  if (in_signal_handler_) return;  // the log_write_failed line waits for the writer thread
  if (written && sink_->lost_lines() > reported_lost_lines_) {
    append_event(formatter_, buffer_, internal_logger_id_, log_write_failed{sink_->lost_lines() - reported_lost_lines_});
    if (sink_->write(buffer_.view())) reported_lost_lines_ = sink_->lost_lines();
    buffer_.clear();
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

void writer::write_suppressed_counts() {
  take_suppressed_counts([&](const descriptor& d, std::uint64_t logger_bits, std::uint64_t count) {
    std::uint64_t rec[3]{};  // header and the one u64 field
    auto* bytes = reinterpret_cast<std::byte*>(rec);
    put(bytes, reinterpret_cast<std::uintptr_t>(&d) | logger_bits);
    event_codec<throttled_extra>::encode(bytes + record_header_size, throttled_extra{count}, ~std::size_t{0});
    formatter_.append_line(buffer_, bytes, realtime_ns());
  });
}

void writer::report_drops() {
  std::uint64_t total;
  {
    std::lock_guard lock(mutex_);
    total = dropped_locked();
  }
  if (total == reported_drops_) return;
  append_event(formatter_, buffer_, internal_logger_id_, log_events_dropped{total - reported_drops_, "ring_full"});
  reported_drops_ = total;
}

}  // namespace instrukt_ai::logging::detail
