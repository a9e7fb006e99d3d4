// External rotation: rename, delete, copytruncate, and reopen_log_file().
#include "support/log_file.hpp"
#include "support/numbered_check.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

namespace ial = instrukt_ai::logging;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Full counts with IAL_STRESS=1 (1,000,000 events, 100 renames); CI runs fewer.
bool stress() { return std::getenv("IAL_STRESS") != nullptr; }

bool wait_for(const fs::path& p, std::chrono::milliseconds limit) {
  for (auto waited = 0ms; waited < limit; waited += 1ms) {
    if (fs::exists(p)) return true;
    std::this_thread::sleep_for(1ms);
  }
  return fs::exists(p);
}

}  // namespace

TEST_CASE("rename rotation while 4 threads log: every event exactly once across the files, no line split", "[rotation]") {
  const std::uint64_t per = stress() ? 250000 : 25000;
  const int renames = stress() ? 100 : 20;
  const auto path = test_support::configure("rot");
  std::atomic<bool> done{false};
  int renamed = 0;
  std::thread rotator([&] {
    for (int k = 0; k < renames; ++k) {
      // The writer notices the rename and recreates the path within 200 ms.
      if (!wait_for(path, 2000ms)) break;
      fs::rename(path, path.string() + "." + std::to_string(k));
      ++renamed;
      std::this_thread::sleep_for(done ? 1ms : 5ms);
    }
  });
  test_support::run_numbered_threads("rot.worker", 4, per);
  done = true;
  rotator.join();
  ial::flush();
  CHECK(renamed == renames);  // each rename found the path recreated by the writer
  // The files in the order they were written: path.0, path.1, ..., then path.
  std::vector<std::string> lines;
  std::size_t files = 0;
  for (int k = 0; k <= renamed; ++k) {
    const fs::path file = k < renamed ? fs::path(path.string() + "." + std::to_string(k)) : path;
    for (auto& l : test_support::read_lines(file)) lines.push_back(std::move(l));
    files += k < renamed && fs::exists(file);
  }
  CHECK(files == static_cast<std::size_t>(renamed));  // (the path itself may not be recreated yet)
  test_support::check_numbered(lines, "rot.worker", 4, per);
}

TEST_CASE("a deleted log file is recreated within a second", "[rotation]") {
  const auto path = test_support::configure("rot");
  auto log = ial::get_logger("rot");
  log.log(test_support::Numbered{0, 0, "before"});
  ial::flush();
  fs::remove(path);
  std::this_thread::sleep_for(1s);
  log.log(test_support::Numbered{0, 1, "after"});
  ial::flush();
  REQUIRE(fs::exists(path));
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(test_support::fields(lines[0])["seq"] == "1");
}

TEST_CASE("copytruncate: after the file is truncated, lines continue at its new end", "[rotation]") {
  const auto path = test_support::configure("rot");
  auto log = ial::get_logger("rot");
  for (std::uint64_t i = 0; i < 100; ++i) log.log(test_support::Numbered{0, i, "before"});
  ial::flush();
  fs::resize_file(path, 0);
  log.log(test_support::Numbered{0, 100, "after"});
  ial::flush();
  const auto text = test_support::read_all(path);
  CHECK(text.find('\0') == std::string::npos);  // append mode: no hole where the old lines were
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(test_support::fields(lines[0])["seq"] == "100");
}

TEST_CASE("reopen_log_file() reopens the path on the writer's next pass", "[rotation]") {
  ial::options opts;
  opts.flush_interval = 10ms;
  const auto path = test_support::configure("rot", opts);
  auto log = ial::get_logger("rot");
  // Eight rounds of 50 ms: the writer's own 200 ms check alone would find all
  // eight renames in time with a chance of about 0.25^8.
  for (std::uint64_t round = 0; round < 8; ++round) {
    log.log(test_support::Numbered{0, round, "before the rename"});
    ial::flush();
    const auto moved = path.string() + "." + std::to_string(round);
    fs::rename(path, moved);
    ial::reopen_log_file();  // what a SIGHUP handler would call
    REQUIRE(wait_for(path, 50ms));
    CHECK(test_support::read_lines(moved).size() == 1);
  }
  log.log(test_support::Numbered{0, 8, "last"});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(test_support::fields(lines[0])["seq"] == "8");
}

TEST_CASE("a rename is seen by the folder watch: the next pass writes to the new file, not 200 ms later",
          "[rotation]") {
  const auto path = test_support::configure("rot");
  auto log = ial::get_logger("rot");
  // Each round renames and logs at once, well inside the 200 ms between stat() checks:
  // only the folder watch can send the line to the new file.
  constexpr int rounds = 20;
  int in_new_file = 0;
  for (int i = 0; i < rounds; ++i) {
    const auto rotated = path.string() + "." + std::to_string(i);
    fs::rename(path, rotated);
    log.log(test_support::Numbered{0, static_cast<std::uint64_t>(i), "after rename"});
    ial::flush();
    in_new_file += fs::exists(path) && test_support::read_lines(path).size() == 1;
    CHECK(test_support::read_lines(rotated).size() == (i == 0 ? 0u : 1u));  // the round before's line only
  }
  CHECK(in_new_file == rounds);
}
