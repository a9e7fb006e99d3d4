// instrukt-ai-catalog check throughput: logs EVENTS events of a five-event
// catalog through the library into a real file, then times the tool reading it.
//
//   bench_catalog_check [--events N] [--out FILE]
#include "harness.hpp"

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/catalog_export.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

namespace {

namespace ial = instrukt_ai::logging;

enum class job_state : std::uint8_t { queued, running, done };

struct JobStarted {
  static constexpr ial::event_info event{"job_started", ial::level::info};
  std::uint64_t job_id;
  std::string_view user_id;
  job_state state;
};
struct JobFinished {
  static constexpr ial::event_info event{"job_finished", ial::level::info};
  std::uint64_t job_id;
  std::chrono::microseconds duration;
  std::optional<std::uint32_t> exit_code;
  double ratio;
};
struct RequestServed {
  static constexpr ial::event_info event{"request_served", ial::level::info};
  std::string_view method;
  std::string_view path;
  std::uint16_t status;
  std::chrono::milliseconds took;
  std::uint64_t bytes;
  bool cached;
};
struct RetryScheduled {
  static constexpr ial::event_info event{"retry_scheduled", ial::level::warning};
  std::uint64_t job_id;
  std::uint32_t attempt;
  std::string_view reason;
};
struct TickCounted {
  static constexpr ial::event_info event{"tick_counted", ial::level::info};
  std::int64_t delta;
};
struct bench_events : ial::catalog<JobStarted, JobFinished, RequestServed, RetryScheduled, TickCounted> {};

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t events = 2000000;
  std::string out;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--events") events = std::stoull(v);
    else if (k == "--out") out = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  const auto dir = bench::fresh_dir("catalog-check");
  ial::options opts;
  opts.log_root = dir.string();
  const auto log_path = ial::configure_logging("bench", opts);
  auto log = ial::get_logger<bench_events>("bench.worker");
  for (std::uint64_t i = 0; i < events; ++i) {
    switch (i % 5) {
      case 0: log.log(JobStarted{i, "user \"quoted\" name", static_cast<job_state>(i % 3)}); break;
      case 1: log.log(JobFinished{i, std::chrono::microseconds(i % 100000), i % 7 ? std::nullopt : std::optional<std::uint32_t>(1), 0.1 * static_cast<double>(i % 10)}); break;
      case 2: log.log(RequestServed{"GET", "/api/v1/jobs?id=42&expand=owner", 200, std::chrono::milliseconds(i % 900), i * 17, i % 2 == 0}); break;
      case 3: log.log(RetryScheduled{i, static_cast<std::uint32_t>(i % 5), "upstream timed out"}); break;
      default: log.log(TickCounted{-static_cast<std::int64_t>(i)}); break;
    }
  }
  ial::flush();
  const auto catalog = dir / "bench.catalog.json";
  std::ofstream(catalog) << ial::catalog_json<bench_events>("bench");
  const auto bytes = std::filesystem::file_size(log_path);

  const std::string command = std::string(IAL_CATALOG_TOOL) + " check " + catalog.string() + " " +
                              log_path.string() + " > " + (dir / "check.out").string();
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(command.c_str());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (status != 0) {
    std::fprintf(stderr, "the check found problems or failed (status %d): see %s\n", status,
                 (dir / "check.out").c_str());
    return 1;
  }
  const std::string json = fmt::format(
      R"({{"bench":"catalog_check","lines":{},"bytes":{},"seconds":{:.3f},"mb_per_s":{:.1f},"lines_per_s":{:.0f}}})",
      events, bytes, seconds, static_cast<double>(bytes) / seconds / 1e6, static_cast<double>(events) / seconds);
  std::printf("%s\n", json.c_str());
  if (!out.empty()) bench::append_json(out, json);
  std::filesystem::remove_all(dir);
  return 0;
}
