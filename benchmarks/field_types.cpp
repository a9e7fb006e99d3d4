// Cost per call by field type, against spdlog (async, same fields) in the same run.
//
// Each iteration times a batch of calls (manual time); between batches, untimed,
// our rings are flushed and spdlog's queue drained, so neither ever blocks.
// Both write to /dev/null. Heap allocations on the calling thread are counted.
#include "harness.hpp"

#include <instrukt_ai/logging.hpp>

#include <benchmark/benchmark.h>
#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <optional>
#include <string>
#include <thread>

namespace ial = instrukt_ai::logging;
using namespace std::chrono_literals;

namespace {

thread_local std::uint64_t caller_allocations = 0;
constexpr int batch = 200;

enum class state : std::uint8_t { idle, running, stopped };

struct Ints {
  static constexpr ial::event_info event{"ints", ial::level::info};
  std::uint64_t a, b;
};
struct Double {
  static constexpr ial::event_info event{"double_value", ial::level::info};
  double value;
};
struct ShortString {
  static constexpr ial::event_info event{"short_string", ial::level::info};
  std::string_view text;
};
struct LongString {
  static constexpr ial::event_info event{"long_string", ial::level::info};
  std::string_view text;
};
struct Enum {
  static constexpr ial::event_info event{"enum_value", ial::level::info};
  state value;
};
struct Optional {
  static constexpr ial::event_info event{"optional_value", ial::level::info};
  std::optional<std::int32_t> value;
};
struct Duration {
  static constexpr ial::event_info event{"duration_value", ial::level::info};
  std::chrono::microseconds took;
};
struct Disabled {
  static constexpr ial::event_info event{"disabled", ial::level::debug};
  std::uint64_t a;
};
struct Twelve {
  static constexpr ial::event_info event{"twelve_fields", ial::level::info};
  std::uint64_t f1, f2, f3, f4;
  double f5, f6;
  std::string_view f7, f8;
  bool f9;
  std::int32_t f10;
  std::chrono::milliseconds f11;
  state f12;
};

const std::string short_text = "u-7abcde";
const std::string long_text(200, 'x');

struct loggers {
  ial::logger ours;
  std::shared_ptr<spdlog::logger> peer;
  static loggers& get() {
    static loggers l = [] {
      const auto root = bench::fresh_dir("fields");
      std::filesystem::create_directories(root / "bench");
      std::filesystem::create_symlink("/dev/null", root / "bench" / "bench.log");
      ial::options opts;
      opts.log_root = root.string();
      ial::configure_logging("bench", opts);
      spdlog::init_thread_pool(8192, 1);
      auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>("/dev/null", false);
      auto peer = std::make_shared<spdlog::async_logger>("bench.fields", sink, spdlog::thread_pool(),
                                                         spdlog::async_overflow_policy::block);
      peer->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ level=%^%l%$ logger=%n msg=%v", spdlog::pattern_time_type::utc);
      loggers made{ial::get_logger("bench.fields"), peer};
      made.ours.log(Ints{0, 0});  // attaches this thread's ring before anything is timed
      ial::flush();
      return made;
    }();
    return l;
  }
};

void drain_spdlog() {
  while (spdlog::thread_pool()->queue_size() > 0) std::this_thread::yield();
}

template <class Call, class Drain>
void timed_batches(benchmark::State& state, Call call, Drain drain) {
  std::uint64_t allocations = 0, events = 0, i = 0;
  for (auto _ : state) {
    const auto before = caller_allocations;
    const auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < batch; ++k, ++i) call(i);
    const auto stop = std::chrono::steady_clock::now();
    allocations += caller_allocations - before;
    events += batch;
    state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
    drain();
  }
  state.counters["ns_per_event"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["allocs_per_event"] = static_cast<double>(allocations) / static_cast<double>(events);
}

// Registers "<name>/instrukt" and "<name>/spdlog".
template <class Ours, class Peer>
void pair(const std::string& name, Ours ours, Peer peer) {
  benchmark::RegisterBenchmark((name + "/instrukt").c_str(),
                               [ours](benchmark::State& s) {
                                 auto& l = loggers::get();
                                 timed_batches(s, [&](std::uint64_t i) { ours(l.ours, i); }, [] { ial::flush(); });
                               })
      ->UseManualTime()
      ->Repetitions(5)
      ->ReportAggregatesOnly(true);
  benchmark::RegisterBenchmark((name + "/spdlog").c_str(),
                               [peer](benchmark::State& s) {
                                 auto& l = loggers::get();
                                 timed_batches(s, [&](std::uint64_t i) { peer(*l.peer, i); }, drain_spdlog);
                               })
      ->UseManualTime()
      ->Repetitions(5)
      ->ReportAggregatesOnly(true);
}

void register_all() {
  pair("ints", [](auto& l, std::uint64_t i) { l.log(Ints{i, i * 3}); },
       [](auto& p, std::uint64_t i) { p.info("ints a={} b={}", i, i * 3); });
  pair("double", [](auto& l, std::uint64_t i) { l.log(Double{static_cast<double>(i) * 0.1}); },
       [](auto& p, std::uint64_t i) { p.info("double_value value={}", static_cast<double>(i) * 0.1); });
  pair("string_8", [](auto& l, std::uint64_t) { l.log(ShortString{short_text}); },
       [](auto& p, std::uint64_t) { p.info("short_string text={}", short_text); });
  pair("string_200", [](auto& l, std::uint64_t) { l.log(LongString{long_text}); },
       [](auto& p, std::uint64_t) { p.info("long_string text={}", long_text); });
  pair("enum", [](auto& l, std::uint64_t i) { l.log(Enum{static_cast<state>(i % 3)}); },
       [](auto& p, std::uint64_t i) { p.info("enum_value value={}", static_cast<int>(i % 3)); });
  pair("optional", [](auto& l, std::uint64_t i) { l.log(Optional{static_cast<std::int32_t>(i)}); },
       [](auto& p, std::uint64_t i) { p.info("optional_value value={}", static_cast<std::int32_t>(i)); });
  pair("duration", [](auto& l, std::uint64_t i) { l.log(Duration{std::chrono::microseconds(i)}); },
       [](auto& p, std::uint64_t i) { p.info("duration_value took={}us", i); });
  pair("disabled", [](auto& l, std::uint64_t i) { l.log(Disabled{i}); },
       [](auto& p, std::uint64_t i) { p.debug("disabled a={}", i); });
  pair("twelve_fields",
       [](auto& l, std::uint64_t i) {
         l.log(Twelve{i, i + 1, i + 2, i + 3, 0.5, 1.5, short_text, short_text, true, 7, 12ms, state::running});
       },
       [](auto& p, std::uint64_t i) {
         p.info("twelve_fields f1={} f2={} f3={} f4={} f5={} f6={} f7={} f8={} f9={} f10={} f11={}ms f12={}", i, i + 1,
                i + 2, i + 3, 0.5, 1.5, short_text, short_text, true, 7, 12, 1);
       });
}

}  // namespace

void* operator new(std::size_t n) {
  ++caller_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  spdlog::shutdown();
  return 0;
}
