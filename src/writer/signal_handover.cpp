// The writer and a fatal-signal handler: who may touch the rings, the buffer
// and the file (writer::phase). The writer takes them for a pass
// (begin_pass/end_pass); a handler takes them between two passes
// (take_for_signal), drains every ring without allocating (drain_for_signal)
// and hands them back, or keeps them while the process ends.
#include "writer.hpp"

#include "../crash/signal_line.hpp"
#include "../crash/signal_safe.hpp"

#include <iterator>

namespace instrukt_ai::logging::detail {
namespace {

void write_quietly(void* sink, std::string_view bytes) noexcept { static_cast<file_sink*>(sink)->write(bytes, false); }
void write_racing(void* sink, std::string_view bytes) noexcept { static_cast<file_sink*>(sink)->write_racing(bytes); }

}  // namespace

bool writer::begin_pass() noexcept {
  int expected = idle;
  if (phase_.compare_exchange_strong(expected, busy, std::memory_order_acq_rel)) return true;
  wait_while_held();
  return false;
}

void writer::end_pass() noexcept {
  if (!signal_requested_.load(std::memory_order_acquire)) {
    phase_.store(idle, std::memory_order_release);  // a handler asking from now on takes it from idle
    return;
  }
  phase_.store(handed_over, std::memory_order_release);
  while (true) {
    int p = phase_.load(std::memory_order_acquire);
    if (p != handed_over) break;  // the handler took it
    if (!signal_requested_.load(std::memory_order_acquire)) {
      // The handler gave up waiting: carry on.
      if (phase_.compare_exchange_strong(p, idle, std::memory_order_acq_rel)) return;
      continue;
    }
    signal_safe::nap();
  }
  wait_while_held();
}

// Until a signal handler hands the writer back; a kept writer is let go by
// stop() or after kept_limit_ms (the process did not end: a handler recovered).
void writer::wait_while_held() noexcept {
  while (true) {
    int p = phase_.load(std::memory_order_acquire);
    if (p == idle) return;
    if (p == kept && (stopping_.load(std::memory_order_acquire) ||
                      signal_safe::monotonic_ms() >= kept_until_ms_.load(std::memory_order_relaxed))) {
      if (phase_.compare_exchange_strong(p, idle, std::memory_order_acq_rel)) return;
      continue;
    }
    signal_safe::nap();
  }
}

bool writer::take_for_signal(std::chrono::milliseconds wait) noexcept {
  signal_requested_.store(true, std::memory_order_release);
  const std::int64_t deadline = signal_safe::monotonic_ms() + wait.count();
  while (true) {
    for (int from : {idle, handed_over}) {
      int expected = from;
      if (phase_.compare_exchange_strong(expected, taken, std::memory_order_acq_rel)) return true;
    }
    if (signal_safe::monotonic_ms() >= deadline) break;
    signal_safe::nap();
  }
  signal_requested_.store(false, std::memory_order_release);
  int expected = handed_over;  // handed over just now, after all
  return phase_.compare_exchange_strong(expected, taken, std::memory_order_acq_rel);
}

void writer::write_for_signal(const fatal_signal& e, std::chrono::milliseconds wait, bool ending) noexcept {
  const spill_target to_file{&write_quietly, sink_.get()};
  if (signal_safe::thread_id() == thread_tid_.load(std::memory_order_relaxed)) {
    // The signal hit the writer mid-pass: its cursors are gone, its whole lines are kept.
    const std::string_view formatted = buffer_.view();
    sink_->write(formatted.substr(0, formatted.rfind('\n') + 1), false);
    buffer_.clear();
    write_signal_line(e, internal_logger_id_, to_file);
    return;
  }
  if (!take_for_signal(wait)) {  // the writer is stuck (a lock the crashed thread held, a hung disk)
    write_signal_line(e, internal_logger_id_, spill_target{&write_racing, sink_.get()});
    return;
  }
  in_signal_handler_ = true;
  buffer_.set_spill(&to_file);
  formatter_.set_in_signal_handler(true);
  drain_for_signal();
  recorder_.replay_all(formatter_, buffer_, realtime_ns());  // what led to the crash, every thread's
  write_out();
  // The crashed thread's contexts, as its ring's records left them: which request crashed.
  producer* crashed = this_thread_producer;
  write_signal_line(e, internal_logger_id_, to_file, crashed != nullptr ? *crashed->contexts : ring_contexts::none);
  formatter_.set_in_signal_handler(false);
  buffer_.set_spill(nullptr);
  in_signal_handler_ = false;
  signal_requested_.store(false, std::memory_order_relaxed);
  kept_until_ms_.store(signal_safe::monotonic_ms() + kept_limit_ms, std::memory_order_relaxed);
  phase_.store(ending ? kept : idle, std::memory_order_release);
}

void writer::drain_for_signal() noexcept {
  cursor heads[64];  // no allocation: rings are merged 64 at a time
  std::size_t count = 0;
  for (producer* p = newest_.load(std::memory_order_acquire); p != nullptr; p = p->next_attached) {
    cursor c{p, p->ring.read_position(), p->ring.write_position(), nullptr, 0};
    if (c.pos == c.end) continue;
    if (load_head(c))
      heads[count++] = c;
    else
      p->ring.release(c.pos);
    if (count == std::size(heads)) {
      merge(heads, count, false);
      count = 0;
    }
  }
  merge(heads, count, false);
}

}  // namespace instrukt_ai::logging::detail
