// Hot-path latency, measured the way the fastest C++ loggers publish theirs:
// per thread, ITERATIONS batches of 20 log calls between two TSC reads
// (latency = batch ticks / 20), a random 2.0-2.2 ms busy wait between batches,
// threads pinned. Percentiles over all batches of all threads, in ns.
//
//   bench_latency --logger instrukt|spdlog|baseline_sync|floor_rdtsc|floor_ring
//                 [--threads N] [--iterations K] [--out FILE]
#include "harness.hpp"
#include "floors.hpp"
#include "peers.hpp"

#include <cstring>
#include <random>
#include <thread>

namespace {

constexpr int batch = 20;

struct args {
  std::string logger = "instrukt";
  unsigned threads = 1;
  int iterations = 10000;
  std::string out;
};

template <class Peer>
int run(const args& a) {
  Peer peer;
  peer.setup(bench::fresh_dir(std::string("latency-") + Peer::name));
  const double tpn = bench::ticks_per_ns();
  std::vector<std::vector<double>> per_thread(a.threads);
  bool pinned = true;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < a.threads; ++t)
    pool.emplace_back([&, t] {
      pinned = bench::pin_to_cpu(t) && pinned;
      std::mt19937 rng(t + 1);
      std::uniform_int_distribution<std::uint64_t> wait(static_cast<std::uint64_t>(2000000 * tpn),
                                                        static_cast<std::uint64_t>(2200000 * tpn));
      auto& samples = per_thread[t];
      samples.reserve(static_cast<std::size_t>(a.iterations));
      for (int k = 0; k < batch; ++k) peer.log_one(0, static_cast<std::uint64_t>(k), 0.5);  // warm-up
      for (int i = 0; i < a.iterations; ++i) {
        const std::uint64_t start = bench::ticks();
        for (int k = 0; k < batch; ++k) peer.log_one(static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(k), i * 0.5);
        const std::uint64_t stop = bench::ticks();
        samples.push_back(static_cast<double>(stop - start) / batch / tpn);
        const std::uint64_t until = bench::ticks() + wait(rng);
        while (bench::ticks() < until) {
        }
      }
    });
  for (auto& th : pool) th.join();
  peer.finish();

  std::vector<double> all;
  for (auto& s : per_thread) all.insert(all.end(), s.begin(), s.end());
  const auto p = bench::percentiles_of(all);
  const std::string json = fmt::format(
      R"({{"bench":"latency","logger":"{}","threads":{},"iterations":{},"batch":{},"pinned":{},"p50":{:.1f},"p75":{:.1f},"p90":{:.1f},"p95":{:.1f},"p99":{:.1f},"p999":{:.1f},"max":{:.1f}}})",
      Peer::name, a.threads, a.iterations, batch, pinned, p.p50, p.p75, p.p90, p.p95, p.p99, p.p999, p.max);
  std::printf("%s\n", json.c_str());
  if (!a.out.empty()) bench::append_json(a.out, json);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--logger") a.logger = v;
    else if (k == "--threads") a.threads = static_cast<unsigned>(std::stoul(v));
    else if (k == "--iterations") a.iterations = std::stoi(v);
    else if (k == "--out") a.out = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (a.logger == "instrukt") return run<bench::instrukt_peer>(a);
  if (a.logger == "spdlog") return run<bench::spdlog_peer>(a);
  if (a.logger == "baseline_sync") return run<bench::baseline_peer>(a);
  if (a.logger == "floor_rdtsc") return run<bench::floor_rdtsc_peer>(a);
  if (a.logger == "floor_ring") return run<bench::floor_ring_peer>(a);
  std::fprintf(stderr, "unknown logger %s (instrukt, spdlog, baseline_sync, floor_rdtsc, floor_ring)\n",
               a.logger.c_str());
  return 2;
}
