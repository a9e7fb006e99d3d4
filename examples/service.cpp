// A small job service: four workers process batches of jobs and log what
// happens. Run it with INSTRUKT_AI_LOG_ROOT=./logs (the README's main job);
// JOBS_LOG_LEVEL=DEBUG or TRACE shows more.
#include <jobs_descriptors.hpp>  // events.hpp, each event described once (docs/catalogs.md)

#include <instrukt_ai/logging.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace ial = instrukt_ai::logging;
using namespace jobs;

namespace {

constexpr std::uint32_t worker_count = 4;
constexpr std::uint32_t batches = 3;
constexpr std::uint64_t jobs_per_batch = 200;

void work(std::uint32_t worker, std::uint32_t batch, const ial::captured_context& trace,
          std::atomic<std::uint64_t>& next_id, std::atomic<std::uint64_t>& failed) {
  ial::scoped_context scope{trace};  // the batch's trace, carried into this thread: on every line below
  auto log = ial::get_logger<jobs_events>("jobs.worker");
  auto http = ial::get_logger("httpx.client");
  std::mt19937 rng(worker * 7919 + batch);
  for (std::uint64_t i = 0; i < jobs_per_batch / worker_count; ++i) {
    const std::uint64_t id = next_id++;
    const auto kind = static_cast<job_kind>(rng() % 3);
    const auto start = std::chrono::steady_clock::now();
    log.log(JobStarted{id, kind});
    http.log(HttpRequestSent{"GET", "https://storage.internal/objects?id=1&v=2", 200});
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 500));
    if (rng() % 50 == 0) log.log(JobRetried{id, 2, "upstream timed out"});
    if (rng() % 120 == 0) {
      log.log(JobFailed{id, "transcoder exited: \"invalid frame\"\nat 00:01:02", 137});
      ++failed;
      continue;
    }
    log.log(JobFinished{id, kind,
                        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start),
                        worker});
  }
}

}  // namespace

int main() {
  const auto started = std::chrono::steady_clock::now();
  std::filesystem::path path;
  try {
    // Production runs at INFO; the flight recorder keeps the DEBUG lines a worker logs
    // and writes them just before that worker's next ERROR line (docs/control.md).
    path = ial::configure_logging("jobs", {.flight_recorder = ial::level::debug, .flight_recorder_window = std::chrono::seconds(2)});
  } catch (const ial::configuration_error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;  // a service must not start blind
  }
  // A crash or a SIGTERM still leaves what was logged in the file, then a CRITICAL line naming the signal.
  ial::install_fatal_signal_handler({.termination_signals = true});
  auto log = ial::get_logger<jobs_events>("jobs");
  log.log(ServiceStarted{"1.4.2", worker_count, path.native()});

  std::atomic<std::uint64_t> next_id{1000}, failed{0};
  for (std::uint32_t batch = 1; batch <= batches; ++batch) {
    const auto failed_before = failed.load();
    // One trace per batch (a request would take it from its traceparent header).
    ial::scoped_context trace{ial::trace_context::new_root()};
    const auto captured = ial::capture_context();
    std::vector<std::thread> workers;
    for (std::uint32_t w = 0; w < worker_count; ++w)
      workers.emplace_back(work, w, batch, std::cref(captured), std::ref(next_id), std::ref(failed));
    for (auto& t : workers) t.join();
    const auto batch_failed = failed.load() - failed_before;
    log.log(BatchCompleted{batch, jobs_per_batch, batch_failed,
                           1.0 - static_cast<double>(batch_failed) / jobs_per_batch});
  }
  log.log(ServiceStopped{next_id.load() - 1000, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                    std::chrono::steady_clock::now() - started)});
  ial::flush();

  std::printf("log file: %s\n", path.c_str());
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const auto replayed = std::count_if(lines.begin(), lines.end(), [](const std::string& l) {
    return l.find(" flight_recorder=true") != std::string::npos;
  });
  std::printf("%zu lines, %zu of them DEBUG lines the flight recorder wrote before an error; the last ones:\n",
              lines.size(), static_cast<std::size_t>(replayed));
  for (std::size_t i = lines.size() > 8 ? lines.size() - 8 : 0; i < lines.size(); ++i)
    std::printf("  %s\n", lines[i].c_str());
  return 0;
}
