// The three loggers the harnesses drive, behind one shape:
//   setup(dir)  start(thread index)  log(iteration, index, value)  finish()
//   instrukt  this library, default options, a real file
//   spdlog    async logger, file sink, a pattern that writes a comparable logfmt-like line
//   baseline  fmt::format_to into a buffer plus fwrite, on the calling thread
#pragma once

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/detail/event/record_source.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

namespace bench {

namespace ial = instrukt_ai::logging;

struct ThreeNumbers {
  static constexpr ial::event_info event{"three_numbers", ial::level::info};
  std::uint64_t iteration;
  std::uint64_t index;
  double value;
};

struct instrukt_peer {
  static constexpr const char* name = "instrukt";
  ial::logger log = ial::get_logger("bench.worker");
  void setup(const std::filesystem::path& dir) {
    ial::options opts;
    opts.log_root = dir.string();
    if (const char* ring = std::getenv("IAL_BENCH_RING_BYTES")) opts.ring_bytes = std::stoull(ring);
    ial::configure_logging("bench", opts);
  }
  void log_one(std::uint64_t iteration, std::uint64_t index, double value) {
    log.log(ThreeNumbers{iteration, index, value});
  }
  void finish() { ial::flush(); }
  // Before the harness removes the folder (the writer would see its file deleted and say so).
  void stop() { ial::shutdown(); }
  static std::size_t record_bytes() { return ial::detail::record_size(ThreeNumbers{0, 0, 0.0}, 0); }
};

struct spdlog_peer {
  static constexpr const char* name = "spdlog";
  std::shared_ptr<spdlog::logger> log;
  void setup(const std::filesystem::path& dir) {
    spdlog::init_thread_pool(8192, 1);
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>((dir / "spdlog.log").string(), true);
    log = std::make_shared<spdlog::async_logger>("bench.worker", sink, spdlog::thread_pool(),
                                                 spdlog::async_overflow_policy::block);
    log->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ level=%^%l%$ logger=%n msg=%v", spdlog::pattern_time_type::utc);
  }
  void log_one(std::uint64_t iteration, std::uint64_t index, double value) {
    log->info("three_numbers iteration={} index={} value={}", iteration, index, value);
  }
  void finish() {
    log.reset();
    spdlog::shutdown();  // joins the thread pool after it has written everything
  }
  static std::size_t record_bytes() { return 0; }  // spdlog's queue slots are not comparable bytes
};

struct baseline_peer {
  static constexpr const char* name = "baseline_sync";
  FILE* file = nullptr;
  std::mutex mutex;
  void setup(const std::filesystem::path& dir) { file = std::fopen((dir / "baseline.log").c_str(), "a"); }
  void log_one(std::uint64_t iteration, std::uint64_t index, double value) {
    fmt::memory_buffer buf;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch()).count();
    fmt::format_to(std::back_inserter(buf),
                   "{:%Y-%m-%dT%H:%M:%S}.{:06}Z level=INFO logger=bench.worker msg=three_numbers iteration={} "
                   "index={} value={}\n",
                   fmt::gmtime(static_cast<std::time_t>(us / 1000000)), us % 1000000, iteration, index, value);
    std::lock_guard lock(mutex);
    std::fwrite(buf.data(), 1, buf.size(), file);
  }
  void finish() {
    std::fflush(file);
    std::fclose(file);
  }
  static std::size_t record_bytes() { return 0; }
};

}  // namespace bench
