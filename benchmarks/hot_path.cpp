// The caller's cost of one log call, with the writer running.
//
// Each benchmark iteration times a batch of log calls (manual time), then
// flushes outside the timed part, so the ring never fills and the figure is
// the caller's own cost. Heap allocations on the calling thread are counted
// during the timed part only.
#include <instrukt_ai/logging.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <new>

namespace ial = instrukt_ai::logging;

namespace {

thread_local std::uint64_t caller_allocations = 0;

struct TwoIntsAndDouble {
  static constexpr ial::event_info event{"two_ints_and_double", ial::level::info};
  std::uint64_t iteration;
  std::int64_t index;
  double value;
};

struct Disabled {
  static constexpr ial::event_info event{"disabled", ial::level::debug};
  std::uint64_t iteration;
};

constexpr int batch = 1000;

ial::logger& bench_logger() {
  static ial::logger log = [] {
    // The file is a link to /dev/null: the writer formats and writes every
    // line, but hundreds of millions of them do not fill the disk.
    const auto root = std::filesystem::temp_directory_path() / "ial-bench-hot-path";
    std::filesystem::create_directories(root / "bench");
    std::filesystem::remove(root / "bench" / "bench.log");
    std::filesystem::create_symlink("/dev/null", root / "bench" / "bench.log");
    ial::options opts;
    opts.log_root = root.string();
    ial::configure_logging("bench", opts);
    return ial::get_logger("bench.hot_path");
  }();
  return log;
}

void report(benchmark::State& state, std::uint64_t allocations, std::uint64_t events) {
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["ns_per_event"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate |
                                                                                      benchmark::Counter::kInvert);
  state.counters["allocs_per_event"] = static_cast<double>(allocations) / static_cast<double>(events);
}

// Times `batch` calls of log_one(i) per iteration; when the calls fill the
// ring, flushes after each batch, untimed.
enum class after_batch { flush, nothing };

template <class LogOne>
void run_batches(benchmark::State& state, after_batch then, LogOne log_one) {
  std::uint64_t i = 0, allocations = 0, events = 0;
  for (auto _ : state) {
    const auto before = caller_allocations;
    const auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < batch; ++k, ++i) log_one(i);
    const auto stop = std::chrono::steady_clock::now();
    allocations += caller_allocations - before;
    events += batch;
    state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
    if (then == after_batch::flush) ial::flush();  // untimed: empties the ring for the next batch
  }
  report(state, allocations, events);
}

void BM_log_two_ints_and_double(benchmark::State& state) {
  auto& log = bench_logger();
  run_batches(state, after_batch::flush, [&](std::uint64_t i) {
    log.log(TwoIntsAndDouble{i, static_cast<std::int64_t>(i % 1000), 0.5 * static_cast<double>(i)});
  });
}
BENCHMARK(BM_log_two_ints_and_double)->UseManualTime()->Repetitions(10)->ReportAggregatesOnly(true);

void BM_log_disabled_level(benchmark::State& state) {
  auto& log = bench_logger();
  run_batches(state, after_batch::nothing, [&](std::uint64_t i) { log.log(Disabled{i}); });
}
BENCHMARK(BM_log_disabled_level)->UseManualTime()->Repetitions(10)->ReportAggregatesOnly(true);

}  // namespace

// Counts the calling thread's heap allocations.
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

BENCHMARK_MAIN();
