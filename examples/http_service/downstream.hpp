// The simulated downstream (an inventory service): calls run on its own
// worker threads and take `latency`; a fraction of them fail.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

namespace orders {

struct downstream_settings {
  double slow_fraction = 0.1;     // of new orders, that reserve stock downstream
  double failure_fraction = 0.02; // of those calls, that fail (a 503)
  std::chrono::microseconds latency{2000};
  std::uint32_t workers = 8;
};

class downstream_pool {
 public:
  explicit downstream_pool(std::uint32_t workers) {
    for (std::uint32_t i = 0; i < workers; ++i) threads_.emplace_back([this] { run(); });
  }
  ~downstream_pool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  downstream_pool(const downstream_pool&) = delete;
  downstream_pool& operator=(const downstream_pool&) = delete;

  // Runs `call` on a worker; the future gives its exception, if any.
  std::future<void> submit(std::function<void()> call) {
    std::packaged_task<void()> task(std::move(call));
    auto done = task.get_future();
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(task));
    }
    ready_.notify_one();
    return done;
  }

 private:
  void run() {
    for (;;) {
      std::packaged_task<void()> task;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::packaged_task<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// A number in [0, 1) from this thread's generator.
inline double draw() {
  thread_local std::minstd_rand rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0, 1)(rng);
}

// The call itself: waits `latency`, then fails as often as the settings say.
// Returns how long it took; throws std::runtime_error when it failed.
inline std::chrono::microseconds reserve_stock(const downstream_settings& s, bool& ok) {
  const auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(s.latency);
  ok = draw() >= s.failure_fraction;
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace orders
