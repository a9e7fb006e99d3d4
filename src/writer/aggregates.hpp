// The cells of aggregate events, grouped by event type and logger; the writer
// sums each group once per interval into one line (aggregate.hpp).
#pragma once

#include <instrukt_ai/logging/detail/event/aggregate_cell.hpp>
#include <instrukt_ai/logging/logger.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>
#include <vector>

namespace instrukt_ai::logging::detail {

class aggregate_registry {
 public:
  static aggregate_registry& instance();

  void* cell_for(const aggregate_ops& ops, const logger_core* core, void* (*make)());

  // Calls line(descriptor, logger tag bits, payload, its size) for each group whose
  // interval has passed and that counted something; with final, for every
  // group that counted something, with the seconds since its last line.
  // Held across fork() (configure.cpp).
  std::mutex& mutex() noexcept { return mutex_; }

  void emit(std::chrono::steady_clock::time_point now, bool final,
            const std::function<void(const descriptor&, std::uint64_t, const std::byte*, std::size_t)>& line);

 private:
  struct group {
    const aggregate_ops* ops;
    const logger_core* core;
    std::vector<void*> cells;
    std::chrono::steady_clock::time_point last;
  };

  std::mutex mutex_;
  std::deque<group> groups_;
  std::map<std::tuple<const aggregate_ops*, const logger_core*, std::thread::id>, void*> cells_;
};

}  // namespace instrukt_ai::logging::detail
