// Lower bounds for a hot path on this machine, driven by the same harness as
// the loggers (same shape: setup, log_one, finish):
//   floor_rdtsc  one TSC read per call, kept: what a per-event timestamp costs
//   floor_ring   a TSC read plus a 40-byte record stored into a 1 MiB
//                per-thread circular buffer that a second thread reads back
//                every 10 ms: the memory traffic of any per-thread-ring logger,
//                with no level check, no registry, no encoding
#pragma once

#include "harness.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <thread>

namespace bench {

struct floor_rdtsc_peer {
  static constexpr const char* name = "floor_rdtsc";
  std::array<std::uint64_t, 64> sink{};
  void setup(const std::filesystem::path&) {}
  void log_one(std::uint64_t, std::uint64_t index, double) {
    sink[index & 63] = ticks();
    asm volatile("" : : "r"(sink.data()) : "memory");  // the store is kept
  }
  void finish() {}
  static std::size_t record_bytes() { return 0; }
};

struct floor_ring_peer {
  static constexpr const char* name = "floor_ring";
  struct record {
    std::uint64_t tag, stamp, iteration, index;
    double value;
  };
  static constexpr std::size_t slots = (std::size_t{1} << 20) / sizeof(record);
  struct ring {
    alignas(64) std::atomic<std::uint64_t> write{0};
    alignas(64) std::atomic<std::uint64_t> read{0};
    alignas(64) std::array<record, slots> data;
  };
  static constexpr unsigned max_threads = 64;
  std::array<std::unique_ptr<ring>, max_threads> rings;
  std::atomic<unsigned> next_ring{0};
  std::atomic<bool> stop{false};
  std::thread reader;
  std::uint64_t checksum = 0;

  void setup(const std::filesystem::path&) {
    for (auto& r : rings) r = std::make_unique<ring>();
    reader = std::thread([this] {
      while (!stop.load(std::memory_order_relaxed)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        drain();
      }
      drain();
    });
  }
  void drain() {
    for (auto& r : rings) {
      const std::uint64_t end = r->write.load(std::memory_order_acquire);
      for (std::uint64_t p = r->read.load(std::memory_order_relaxed); p != end; ++p)
        checksum += r->data[p % slots].stamp;
      r->read.store(end, std::memory_order_release);
    }
  }
  void log_one(std::uint64_t iteration, std::uint64_t index, double value) {
    thread_local ring* mine = rings[next_ring++ % max_threads].get();
    const std::uint64_t w = mine->write.load(std::memory_order_relaxed);
    while (w - mine->read.load(std::memory_order_acquire) >= slots) {
    }
    mine->data[w % slots] = record{1, ticks(), iteration, index, value};
    mine->write.store(w + 1, std::memory_order_release);
  }
  void finish() {
    stop = true;
    reader.join();
  }
  static std::size_t record_bytes() { return sizeof(record); }
};

}  // namespace bench
