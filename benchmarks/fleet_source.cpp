// The service for scripts/fleet_speed.py: EVENTS three-number events into
// ROOT/bench/bench.log, as fast as possible (RATE 0) or RATE per second, and
// then how long it took until every line was in the local file.
//
//   bench_fleet_source ROOT EVENTS RATE
#include "harness.hpp"
#include "peers.hpp"

#include <thread>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: bench_fleet_source ROOT EVENTS RATE (events per second, 0: as fast as possible)\n");
    return 2;
  }
  const std::filesystem::path root = argv[1];
  const std::uint64_t events = std::stoull(argv[2]), rate = std::stoull(argv[3]);
  bench::instrukt_peer peer;
  peer.setup(root);
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < events; ++i) {
    if (rate != 0 && i % 64 == 0)
      std::this_thread::sleep_until(start + std::chrono::nanoseconds(i * 1'000'000'000 / rate));
    peer.log_one(i, i & 1023, static_cast<double>(i) * 0.25);
  }
  peer.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"events\":%llu,\"local_seconds\":%.4f}\n", static_cast<unsigned long long>(events), seconds);
  peer.stop();
  return 0;
}
