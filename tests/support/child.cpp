// A child process for exit-semantics tests: child MODE ROOT EVENTS
//   return: log EVENTS events, return from main without flush
//   exit:   log EVENTS events here and EVENTS on another thread, call exit(3)
//   late:   log EVENTS events, shut down, then log an INFO and a WARNING event
//   early:  log an INFO and a WARNING event before configure_logging
//   static: log EVENTS events, return; two static objects log from their
//           destructors: one destroyed before the atexit shutdown (n=1),
//           one after it (n=2)
//   threads: 4 threads each log EVENTS numbered events, 16 then a 1 ms pause
//            (a busy service, for rotation tests), return
//   ticks:   log a DEBUG tick every 10 ms, EVENTS of them (a running service
//            whose levels a tool changes), return
//   paced:   as threads, with a 3 ms pause after every 16 events (the fleet
//            test's service, still logging while its faults happen)
//   fleet:   as paced, faster (a 1 ms pause after every 64 events), for the
//            app $IAL_CHILD_APP (its loggers: APP.worker): the fleet's fault runs
//   odd:     for app "late-app" (its folder appears when it starts): one event
//            with a 64 KiB value and one whose value holds every byte 0-255
//   burst:   log EVENTS events of a type throttled to 5 lines per 10 s, return
//            (the held-back count must still reach the file)
#include "numbered.hpp"

#include <instrukt_ai/logging.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace ial = instrukt_ai::logging;

using test_support::Numbered;

struct LateInfo {
  static constexpr ial::event_info event{"late_info", ial::level::info};
  int n;
};
struct LateWarning {
  static constexpr ial::event_info event{"late_warning", ial::level::warning};
  int n;
};

struct Tick {
  static constexpr ial::event_info event{"tick", ial::level::debug};
  std::uint64_t n;
};

struct Odd {
  static constexpr ial::event_info event{"odd_value", ial::level::info};
  std::string_view value;
};

struct Burst {
  static constexpr ial::event_info event{"burst", ial::level::info};
  static constexpr ial::throttle_info throttle{5, std::chrono::seconds(10)};
  std::uint64_t seq;
};

// Logs a WARNING and an INFO event from its destructor.
struct LogsWhenDestroyed {
  int n;
  ~LogsWhenDestroyed() {
    auto log = ial::get_logger("child.static");
    log.log(LateInfo{n});
    log.log(LateWarning{n});
  }
};
LogsWhenDestroyed* constructed_before_configure = nullptr;

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  const std::string mode = argv[1];
  const auto events = std::stoull(argv[3]);
  auto log = ial::get_logger("child.main");
  if (mode == "early") {
    log.log(LateInfo{1});
    log.log(LateWarning{1});
    return 0;
  }
  if (mode == "static") {
    static LogsWhenDestroyed before{2};  // destroyed after the atexit shutdown: stderr
    constructed_before_configure = &before;
  }
  ial::options opts;
  opts.log_root = argv[2];
  opts.startup_line = mode == "ticks";  // the other modes' tests count the lines it writes
  if (mode == "odd") {
    opts.max_value_bytes = std::size_t{1} << 17;
    ial::configure_logging("late-app", opts);
    const std::string big(std::size_t{64} << 10, 'x');
    std::string every;
    for (int b = 0; b < 256; ++b) every.push_back(static_cast<char>(b));
    auto own = ial::get_logger("late_app");  // the app's own logger: INFO is written
    own.log(Odd{big});
    own.log(Odd{every});
    return 0;
  }
  if (mode == "fleet") {
    const std::string app = std::getenv("IAL_CHILD_APP") ? std::getenv("IAL_CHILD_APP") : "child";
    ial::configure_logging(app, opts);
    std::vector<std::thread> pool;
    for (std::uint32_t t = 0; t < 4; ++t)
      pool.emplace_back([t, events, app] {
        auto worker = ial::get_logger(app + ".worker");
        for (std::uint64_t i = 0; i < events; ++i) {
          worker.log(Numbered{t, i, "rotating"});
          if (i % 64 == 63) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
      });
    for (auto& th : pool) th.join();
    return 0;
  }
  ial::configure_logging("child", opts);
  if (mode == "static") static LogsWhenDestroyed after{1};  // destroyed before it: the file
  if (mode == "exit") {
    std::thread([&] {
      for (std::uint64_t i = 0; i < events; ++i) log.log(Numbered{1, i, "thread"});
    }).join();
  }
  const bool paced = mode == "paced";
  if (mode != "burst" && mode != "threads" && mode != "ticks" && !paced)
    for (std::uint64_t i = 0; i < events; ++i) log.log(Numbered{0, i, "main"});
  if (mode == "threads" || paced) {
    std::vector<std::thread> pool;
    for (std::uint32_t t = 0; t < 4; ++t)
      pool.emplace_back([t, events, paced] {
        auto worker = ial::get_logger("child.worker");
        for (std::uint64_t i = 0; i < events; ++i) {
          worker.log(Numbered{t, i, "rotating"});
          if (i % 16 == 15) std::this_thread::sleep_for(std::chrono::milliseconds(paced ? 3 : 1));
        }
      });
    for (auto& th : pool) th.join();
  }
  if (mode == "ticks")
    for (std::uint64_t i = 0; i < events; ++i) {
      log.log(Tick{i});
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  if (mode == "burst")
    for (std::uint64_t i = 0; i < events; ++i) log.log(Burst{i});
  if (mode == "exit") std::exit(3);
  if (mode == "late") {
    ial::shutdown();
    log.log(LateInfo{1});
    log.log(LateWarning{1});
  }
  return 0;
}
