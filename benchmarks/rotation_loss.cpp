// A service for scripts/rotation_loss.py: 4 threads log numbered events for
// SECONDS while logrotate rotates the file; SIGHUP calls reopen_log_file().
// Prints how many events each thread logged, as JSON.
//
//   bench_rotation_loss ROOT SECONDS
#include <instrukt_ai/logging.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace ial = instrukt_ai::logging;

namespace {

struct Numbered {
  static constexpr ial::event_info event{"numbered", ial::level::info};
  std::uint32_t thread;
  std::uint64_t seq;
  std::string_view note;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bench_rotation_loss ROOT SECONDS\n");
    return 2;
  }
  ial::options opts;
  opts.log_root = argv[1];
  ial::configure_logging("rot", opts);
  std::signal(SIGHUP, [](int) { ial::reopen_log_file(); });
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(std::stod(argv[2]));
  constexpr int threads = 4;
  std::vector<std::uint64_t> sent(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([t, until, &sent] {
      auto log = ial::get_logger("rot.worker");
      std::uint64_t i = 0;
      while (std::chrono::steady_clock::now() < until) {
        for (int k = 0; k < 16; ++k, ++i) log.log(Numbered{static_cast<std::uint32_t>(t), i, "a line of some length"});
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a busy service (~60,000 lines/s), not a flood
      }
      sent[t] = i;
    });
  for (auto& th : pool) th.join();
  ial::shutdown();
  std::printf("{\"sent\":[%llu,%llu,%llu,%llu]}\n", static_cast<unsigned long long>(sent[0]),
              static_cast<unsigned long long>(sent[1]), static_cast<unsigned long long>(sent[2]),
              static_cast<unsigned long long>(sent[3]));
  return 0;
}
