// Writer throughput: EVENTS three-number events from one thread as fast as
// possible, timed from the first call until every line is in the file.
//
//   bench_throughput --logger instrukt|spdlog|baseline_sync [--events N] [--out FILE]
#include "harness.hpp"
#include "peers.hpp"

namespace {

template <class Peer>
int run(std::uint64_t events, const std::string& out) {
  Peer peer;
  const auto dir = bench::fresh_dir(std::string("throughput-") + Peer::name);
  peer.setup(dir);
  // The caller on CPU 0; the logger's thread, started by setup(), stays free to run on the other.
  const bool pinned = bench::pin_to_cpu(0);
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < events; ++i) peer.log_one(i, i & 1023, static_cast<double>(i) * 0.25);
  peer.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto bytes = bench::bytes_under(dir);
  const std::string json = fmt::format(
      R"({{"bench":"throughput","logger":"{}","events":{},"seconds":{:.3f},"lines_per_s":{:.0f},"mb_per_s":{:.1f},"bytes":{},"peak_rss_kib":{},"record_bytes":{},"pinned":{}}})",
      Peer::name, events, seconds, static_cast<double>(events) / seconds, static_cast<double>(bytes) / seconds / 1e6,
      bytes, bench::peak_rss_kib(), Peer::record_bytes(), pinned);
  std::printf("%s\n", json.c_str());
  if (!out.empty()) bench::append_json(out, json);
  if constexpr (requires { peer.stop(); }) peer.stop();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string logger = "instrukt", out;
  std::uint64_t events = 4000000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--logger") logger = v;
    else if (k == "--events") events = std::stoull(v);
    else if (k == "--out") out = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (logger == "instrukt") return run<bench::instrukt_peer>(events, out);
  if (logger == "spdlog") return run<bench::spdlog_peer>(events, out);
  if (logger == "baseline_sync") return run<bench::baseline_peer>(events, out);
  std::fprintf(stderr, "unknown logger %s (instrukt, spdlog, baseline_sync)\n", logger.c_str());
  return 2;
}
