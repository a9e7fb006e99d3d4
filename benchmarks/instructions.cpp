// The run scripts/instructions.py counts with callgrind: EVENTS three-number
// events from the main thread, inside log_events() (which callgrind's
// --toggle-collect isolates from set-up, whose clock calibration spins for a
// fixed time), into a ring large enough that the caller never waits.
//
//   bench_instructions EVENTS
#include <instrukt_ai/logging.hpp>

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

[[gnu::noinline]] void log_events(const ial::logger& log, std::uint64_t events) {
  for (std::uint64_t i = 0; i < events; ++i) log.log(ThreeNumbers{i, i & 1023, static_cast<double>(i) * 0.25});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_instructions EVENTS\n");
    return 2;
  }
  const auto events = std::stoull(argv[1]);
  const auto root = std::filesystem::temp_directory_path() / ("ial-instructions-" + std::to_string(::getpid()));
  ial::options opts;
  opts.log_root = root.string();
  opts.ring_bytes = std::size_t{256} << 20;
  ial::configure_logging("bench", opts);
  const auto log = ial::get_logger("bench.worker");
  log.log(ThreeNumbers{0, 0, 0.0});  // the thread's ring is attached here, outside the counted loop
  log_events(log, events);
  ial::shutdown();
  std::filesystem::remove_all(root);
  return 0;
}
