// The numbered event the pipeline, latency, exit and rotation tests count
// lines with (numbered_check.hpp checks them).
#pragma once

#include <instrukt_ai/logging.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace test_support {

struct Numbered {
  static constexpr instrukt_ai::logging::event_info event{"numbered", instrukt_ai::logging::level::info};
  std::uint32_t thread;
  std::uint64_t seq;
  std::string_view note;
};

// `threads` threads each log `per` numbered events through `logger`.
inline void run_numbered_threads(const std::string& logger, std::size_t threads, std::uint64_t per) {
  std::vector<std::thread> pool;
  for (std::uint32_t t = 0; t < threads; ++t)
    pool.emplace_back([t, per, logger] {
      auto log = instrukt_ai::logging::get_logger(logger);
      for (std::uint64_t i = 0; i < per; ++i) log.log(Numbered{t, i, i % 7 == 0 ? "with space" : "plain"});
    });
  for (auto& th : pool) th.join();
}

}  // namespace test_support
