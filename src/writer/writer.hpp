// The background writer: the only thread that touches the file. It owns every
// thread's ring, merges their records by timestamp, formats them into one
// buffer and writes it in large blocks.
#pragma once

#include "../sink/file_sink.hpp"
#include "line_format.hpp"
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
  writer(std::unique_ptr<file_sink> sink, std::size_t ring_bytes, std::size_t max_value_bytes,
         std::chrono::milliseconds flush_interval);
  ~writer();

  void start();
  // A new ring for the calling thread; null once shutdown has begun.
  producer* attach();
  // Asks the writer to run now (a producer found its ring full).
  void wake();
  // Returns once everything logged before the call is written.
  void flush();
  // Closes every ring, writes what they hold, stops the thread, closes the file.
  void stop();

  std::uint64_t dropped() const;

  // fork(): the mutex is held across it; in the child, where this writer's
  // thread does not exist, every ring is closed so calls take the slow path.
  void lock_for_fork() { mutex_.lock(); }
  void unlock_after_fork() { mutex_.unlock(); }
  void abandon_in_child() noexcept;

 private:
  struct cursor {
    producer* p;
    std::uint64_t pos;
    std::uint64_t end;
    const std::byte* record;
    std::uint64_t stamp;
  };

  void run();
  bool drain();
  bool load_head(cursor& c);
  void write_out();
  void retire_finished();
  void report_drops();
  void write_aggregates(bool final);
  std::uint64_t dropped_locked() const;

  std::unique_ptr<file_sink> sink_;
  const std::size_t ring_bytes_;
  const std::chrono::milliseconds flush_interval_;
  stamp_clock clock_;
  line_formatter formatter_;
  line_buffer buffer_{std::size_t{1} << 20};
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
  std::uint64_t generation_ = 0;
  std::uint64_t retired_drops_ = 0;
  std::uint64_t flush_requested_ = 0;
  std::uint64_t flush_done_ = 0;
  std::atomic<bool> wake_requested_{false};
  bool accepting_ = true;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace instrukt_ai::logging::detail
