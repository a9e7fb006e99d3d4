// What the latency and throughput harnesses share: the benchmark event, the
// TSC, thread pinning, percentiles, peak RSS and the JSON result files.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <pthread.h>
#include <sched.h>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>
#include <x86intrin.h>

namespace bench {

inline std::uint64_t ticks() noexcept { return __rdtsc(); }

// TSC ticks per nanosecond, measured against steady_clock over `ms` milliseconds.
inline double ticks_per_ns(int ms = 200) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto c0 = ticks();
  while (std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(ms)) {
  }
  const auto c1 = ticks();
  const auto ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  return static_cast<double>(c1 - c0) / ns;
}

// Pins the calling thread to one CPU (thread i on CPU i % nproc); false if the OS refuses.
inline bool pin_to_cpu(unsigned i) {
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(static_cast<int>(i % static_cast<unsigned>(n > 0 ? n : 1)), &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

inline long peak_rss_kib() {
  rusage r{};
  getrusage(RUSAGE_SELF, &r);
  return r.ru_maxrss;
}

struct percentiles {
  double p50, p75, p90, p95, p99, p999, max;
};

inline percentiles percentiles_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<std::size_t>(q * v.size()))]; };
  return {at(0.50), at(0.75), at(0.90), at(0.95), at(0.99), at(0.999), v.empty() ? 0.0 : v.back()};
}

// Appends one JSON object (a line) to `path`: one file per run, one line per result.
inline void append_json(const std::filesystem::path& path, const std::string& object) {
  std::filesystem::create_directories(path.parent_path());
  if (FILE* f = std::fopen(path.c_str(), "a")) {
    std::fprintf(f, "%s\n", object.c_str());
    std::fclose(f);
  }
}

// This run's own folder, made private (mkdtemp: 0700, a new name) at its first
// use and removed at exit: two runs on one machine never share files.
inline const std::filesystem::path& run_dir() {
  static const std::filesystem::path dir = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "ial-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::perror("ial-bench: cannot make a private temporary folder");
      std::exit(2);
    }
    return std::filesystem::path(pattern);
  }();
  // Registered after `dir` was made, so it runs before `dir` is destroyed.
  [[maybe_unused]] static const bool removed_at_exit = std::atexit([] {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }) == 0;
  return dir;
}

// A fresh folder for a logger's files, inside this run's own folder.
inline std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = run_dir() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::uintmax_t bytes_under(const std::filesystem::path& dir) {
  std::uintmax_t total = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

}  // namespace bench
