// The run scripts/instructions.py counts with callgrind: EVENTS three-number
// events from the main thread, inside log_events() (which callgrind's
// --toggle-collect isolates from set-up, whose clock calibration spins for a
// fixed time), into a ring large enough that the caller never waits.
//
//   bench_instructions EVENTS [plain|scoped|scopes|strings]
//     plain    the events outside any context
//     scoped   the same events inside a scope of two fields (request_id, tenant)
//     scopes   EVENTS times: enter that scope and leave it (enter_leave()),
//              without an event
//     strings  EVENTS events with the scope's two fields (log_strings()): the
//              unit the cost of a scope is measured in
//     recorded the three numbers at DEBUG (log_debug_events()), kept by the
//              flight recorder, never written (the file takes INFO)
//     replayed the same, then one ERROR event: the writer writes them all
#include "harness.hpp"

#include <instrukt_ai/logging.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace ial = instrukt_ai::logging;

namespace {

struct ThreeNumbers {
  static constexpr ial::event_info event{"three_numbers", ial::level::info};
  std::uint64_t iteration;
  std::uint64_t index;
  double value;
};

struct Request {
  static constexpr ial::context_info context{"request"};
  ial::id<std::string_view> request_id;
  std::string_view tenant;
};

[[gnu::noinline]] void log_events(const ial::logger& log, std::uint64_t events) {
  for (std::uint64_t i = 0; i < events; ++i) log.log(ThreeNumbers{i, i & 1023, static_cast<double>(i) * 0.25});
}

struct TwoStrings {
  static constexpr ial::event_info event{"two_strings", ial::level::info};
  ial::id<std::string_view> request_id;
  std::string_view tenant;
};

struct ThreeNumbersDebug {
  static constexpr ial::event_info event{"three_numbers", ial::level::debug};
  std::uint64_t iteration;
  std::uint64_t index;
  double value;
};
struct Failed {
  static constexpr ial::event_info event{"failed", ial::level::error};
  std::uint64_t at;
};

[[gnu::noinline]] void log_debug_events(const ial::logger& log, std::uint64_t events) {
  for (std::uint64_t i = 0; i < events; ++i) log.log(ThreeNumbersDebug{i, i & 1023, static_cast<double>(i) * 0.25});
}

[[gnu::noinline]] void log_strings(const ial::logger& log, std::uint64_t events) {
  for (std::uint64_t i = 0; i < events; ++i) log.log(TwoStrings{{"r-1742"}, "acme"});
}

struct JobProcessed {
  static constexpr ial::operation_info event{"job_processed"};
  std::uint64_t job_id;
};

// Operations that succeed with DEBUG off: no line, the start's clock read only.
[[gnu::noinline]] void run_operations(const ial::logger& log, std::uint64_t times) {
  for (std::uint64_t i = 0; i < times; ++i) auto op = log.operation(JobProcessed{i});
}

[[gnu::noinline]] void enter_leave(std::uint64_t times) {
  for (std::uint64_t i = 0; i < times; ++i) ial::scoped_context scope{Request{{"r-1742"}, "acme"}};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 3 ? argv[2] : "plain";
  const bool recorder = mode == "recorded" || mode == "replayed";
  if ((argc != 2 && argc != 3) ||
      (mode != "plain" && mode != "scoped" && mode != "scopes" && mode != "strings" && mode != "operations" &&
       !recorder)) {
    std::fprintf(stderr,
                 "usage: bench_instructions EVENTS [plain|scoped|scopes|strings|operations|recorded|replayed]\n");
    return 2;
  }
  const auto events = std::stoull(argv[1]);
  const auto root = bench::fresh_dir("instructions");
  ial::options opts;
  opts.log_root = root.string();
  opts.ring_bytes = std::size_t{256} << 20;
  if (recorder) {
    opts.flight_recorder = ial::level::debug;
    opts.flight_recorder_bytes = std::size_t{64} << 20;  // every event of the larger run fits
    opts.flight_recorder_window = std::chrono::hours(1);
  }
  ial::configure_logging("bench", opts);
  const auto log = ial::get_logger("bench.worker");
  log.log(ThreeNumbers{0, 0, 0.0});  // the thread's ring is attached here, outside the counted loop
  if (mode == "scopes") {
    enter_leave(1);  // the thread's context storage, outside the counted loop
    enter_leave(events);
  } else if (recorder) {
    log_debug_events(log, events);
    if (mode == "replayed") log.log(Failed{events});
  } else if (mode == "strings") {
    log_strings(log, events);
  } else if (mode == "operations") {
    run_operations(log, events);
  } else if (mode == "scoped") {
    ial::scoped_context scope{Request{{"r-1742"}, "acme"}};
    log_events(log, events);
  } else {
    log_events(log, events);
  }
  ial::shutdown();
  std::filesystem::remove_all(root);
  return 0;
}
