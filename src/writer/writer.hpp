// The background writer: the only thread that touches the file. It owns every
// thread's ring, merges their records by timestamp, formats them into one
// buffer and writes it in large blocks.
#pragma once

#include "../levels/level_watch.hpp"
#include "../sink/file_sink.hpp"
#include "line_format.hpp"
#include "../library_events.hpp"
#include "stamp_clock.hpp"

#include <instrukt_ai/logging/detail/line/line_buffer.hpp>
#include <instrukt_ai/logging/detail/ring/producer.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace instrukt_ai::logging::detail {

class writer {
 public:
  // control: the levels file it watches (levels/control_file.hpp); may be null.
  writer(std::unique_ptr<file_sink> sink, std::unique_ptr<control_file> control, std::size_t ring_bytes,
         std::size_t max_value_bytes, std::chrono::milliseconds flush_interval,
         const flight_recorder_settings& recorder = {});
  ~writer();

  void start();
  // A ring for the calling thread: one an exited thread left, or a new one;
  // null once shutdown has begun.
  producer* attach();
  // For threads whose own ring is gone (their thread_local objects are being
  // destroyed, as in static destructors at exit): one ring they share, each
  // write to it under the mutex.
  producer& shared_ring() noexcept { return *shared_; }
  std::mutex& shared_ring_mutex() noexcept { return shared_mutex_; }
  // Asks the writer to run now (a producer found its ring full).
  void wake();
  // Returns once everything logged before the call is written.
  void flush();
  // Closes every ring, writes what they hold, stops the thread, closes the file.
  void stop();

  // Events dropped at a full ring (drop policy) or for being larger than a ring.
  std::uint64_t dropped() const;
  // The tag bits of the library's own logger ("instrukt_ai.logging").
  std::uint64_t internal_logger_bits() const noexcept { return std::uint64_t{internal_logger_id_} << logger_id_shift; }

  // fork(): the mutex is held across it; in the child, where this writer's
  // thread does not exist, every ring is closed so calls take the slow path.
  void lock_for_fork() { mutex_.lock(); }
  void unlock_after_fork() { mutex_.unlock(); }
  void abandon_in_child() noexcept;

  // For the fatal-signal handler (src/crash): stops the writer thread
  // between two passes (waiting at most `wait`), writes what every ring holds
  // and then the signal's line. Allocates nothing and takes no lock. When the
  // signal hit the writer thread itself, writes the whole lines it had
  // formatted, then the signal's line; when the writer does not stop in time,
  // only the signal's line.
  // When the process ends next (`ending`), the writer is kept: it starts no
  // write that the process's end could cut, and the signal's line stays last.
  // It is let go by stop() (a handler called exit()), or after kept_limit
  // (a handler recovered); otherwise it is handed back at once.
  void write_for_signal(const fatal_signal& e, std::chrono::milliseconds wait, bool ending) noexcept;
  static constexpr std::int64_t kept_limit_ms = 30'000;

 private:
  struct cursor {
    producer* p;
    std::uint64_t pos;
    std::uint64_t end;
    const std::byte* record;
    std::uint64_t stamp;
  };

  // Who may touch the rings, the buffer and the file: the writer thread during
  // a pass, or a signal handler that took them over (kept: the handler is done
  // and the process is ending).
  enum phase : int { idle, busy, handed_over, taken, kept };

  // The pass (writer.cpp).
  void run();
  bool drain(bool& cut_short);
  bool merge(cursor* heads, std::size_t count, bool yield_to_signal);
  bool load_head(cursor& c);
  void write_out();
  void report_drops();
  void write_suppressed_counts();
  void write_aggregates(bool final);
  // The signal hand-over (signal_handover.cpp).
  bool begin_pass() noexcept;
  void end_pass() noexcept;
  void wait_while_held() noexcept;
  bool take_for_signal(std::chrono::milliseconds wait) noexcept;
  void drain_for_signal() noexcept;
  // The rings (ring_registry.cpp).
  producer* add_ring(std::size_t bytes);
  // active_ from producers_ when a ring was added or removed (mutex_ held).
  void refresh_active_locked();
  void retire_finished();
  std::uint64_t dropped_locked() const;  // at a full ring only: what log_events_dropped reports

  std::unique_ptr<file_sink> sink_;
  const std::size_t ring_bytes_;
  const std::chrono::milliseconds flush_interval_;
  stamp_clock clock_;
  flight_recorder recorder_;
  line_formatter formatter_;
  line_buffer buffer_{std::size_t{1} << 20};
  level_watch levels_;  // after formatter_ and buffer_
  std::vector<cursor> cursors_;
  std::vector<producer*> active_;  // the writer's copy of producers_
  std::uint64_t seen_generation_ = ~std::uint64_t{0};
  std::uint64_t reported_drops_ = 0;
  std::uint64_t reported_lost_lines_ = 0;
  std::uint16_t internal_logger_id_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable work_cv_;
  std::condition_variable flushed_cv_;
  std::vector<std::unique_ptr<producer>> producers_;
  producer* shared_ = nullptr;  // in producers_, never retired
  std::mutex shared_mutex_;
  std::uint64_t generation_ = 0;
  std::uint64_t retired_drops_ = 0;      // dropped at a full ring, by rings since freed
  std::uint64_t retired_too_large_ = 0;
  std::uint64_t flush_requested_ = 0;
  std::uint64_t flush_done_ = 0;
  std::atomic<bool> wake_requested_{false};

  std::atomic<int> phase_{idle};
  std::atomic<bool> signal_requested_{false};
  std::atomic<std::int64_t> kept_until_ms_{0};
  std::atomic<bool> stopping_{false};  // stop() lets a kept writer go
  std::atomic<producer*> newest_{nullptr};  // every ring, newest first, via producer::next_attached
  std::atomic<long> thread_tid_{0};         // the writer thread's kernel id
  bool in_signal_handler_ = false;
  bool accepting_ = true;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace instrukt_ai::logging::detail
