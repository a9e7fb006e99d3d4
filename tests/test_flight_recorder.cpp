// The flight recorder: DEBUG events the file does not take, written before
// their thread's next error (docs/control.md).
#include "levels/level_policy.hpp"
#include "config/recorder_settings.hpp"
#include "support/caller_allocations.hpp"
#include "support/log_file.hpp"

#include <instrukt_ai/logging.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace ial = instrukt_ai::logging;
using namespace std::chrono_literals;
using test_support::fields;

namespace {

struct Detail {
  static constexpr ial::event_info event{"detail", ial::level::debug};
  std::uint32_t thread;
  std::uint64_t n;
  std::string_view note;
};
struct Progress {
  static constexpr ial::event_info event{"progress", ial::level::info};
  std::uint64_t n;
};
struct Failed {
  static constexpr ial::event_info event{"failed", ial::level::error};
  std::uint64_t n;
};
struct Fetched {
  static constexpr ial::operation_info event{"fetched"};  // DEBUG when it succeeds
  std::uint64_t n;
  std::string_view url;
};
struct Job {
  static constexpr ial::context_info context{"job"};
  std::uint64_t job_id;
};

using line_fields = std::map<std::string, std::string>;

std::vector<line_fields> all_fields(const std::filesystem::path& log) {
  ial::flush();
  std::vector<line_fields> out;
  for (const auto& l : test_support::read_lines(log)) out.push_back(fields(l));
  return out;
}

// "detail:<thread>:<n>" for a replayed line, "failed:<n>", "progress:<n>".
std::vector<std::string> sequence(const std::vector<line_fields>& lines) {
  std::vector<std::string> out;
  for (auto f : lines) {
    if (f["msg"] == "detail") {
      CHECK(f["flight_recorder"] == "true");
      CHECK(f["level"] == "DEBUG");
      out.push_back("detail:" + f["thread"] + ":" + f["n"]);
    } else if (f["msg"] == "failed" || f["msg"] == "progress") {
      CHECK(f.count("flight_recorder") == 0);
      out.push_back(f["msg"] + ":" + f["n"]);
    }
  }
  return out;
}

ial::options recorder_on(std::size_t bytes = std::size_t{1} << 20, std::chrono::seconds window = 10s) {
  ial::options o;
  o.flight_recorder = ial::level::debug;
  o.flight_recorder_bytes = bytes;
  o.flight_recorder_window = window;
  return o;
}

std::vector<std::string> details(std::uint32_t thread, std::uint64_t from, std::uint64_t to) {
  std::vector<std::string> out;
  for (std::uint64_t n = from; n < to; ++n) out.push_back("detail:" + std::to_string(thread) + ":" + std::to_string(n));
  return out;
}

}  // namespace

TEST_CASE("an error after 1,000 discarded DEBUG events writes the last window's events, in order, before it, once",
          "[flight_recorder]") {
  const auto log = test_support::configure("rec", recorder_on(std::size_t{1} << 20, 1s));
  const auto l = ial::get_logger("rec.worker");
  CHECK(l.threshold() == ial::level::info);  // the file still takes INFO and up
  for (std::uint64_t n = 0; n < 500; ++n) l.log(Detail{0, n, "early"});
  l.log(Progress{1});
  std::this_thread::sleep_for(1500ms);  // the first 500 fall out of the 1 s window
  for (std::uint64_t n = 500; n < 1000; ++n) l.log(Detail{0, n, "late"});
  ial::flush();
  CHECK(sequence(all_fields(log)) == std::vector<std::string>{"progress:1"});  // nothing recorded is written yet
  l.log(Failed{1});
  l.log(Progress{2});
  l.log(Failed{2});  // nothing recorded since the first error: nothing before it
  const auto lines = all_fields(log);
  std::vector<std::string> expected{"progress:1"};
  for (auto& d : details(0, 500, 1000)) expected.push_back(d);
  for (auto s : {"failed:1", "progress:2", "failed:2"}) expected.push_back(s);
  CHECK(sequence(lines) == expected);
  // Each keeps its own time: the replayed lines are in time order, and older than the error line.
  const auto raw = test_support::read_lines(log);
  std::string last_time;
  for (const auto& line : raw) {
    const std::string t = line.substr(0, 27);
    if (fields(line)["msg"] == "detail") CHECK(t >= last_time);
    if (fields(line)["msg"] == "detail" || fields(line)["msg"] == "failed") last_time = t;
  }
}

TEST_CASE("a second error writes only what was recorded after the first, and other threads' records stay",
          "[flight_recorder]") {
  const auto log = test_support::configure("rec", recorder_on());
  const auto l = ial::get_logger("rec.worker");
  std::thread([&] {
    for (std::uint64_t n = 0; n < 5; ++n) l.log(Detail{1, n, "other thread"});
  }).join();
  for (std::uint64_t n = 0; n < 10; ++n) l.log(Detail{0, n, "first"});
  l.log(Failed{1});
  for (std::uint64_t n = 10; n < 20; ++n) l.log(Detail{0, n, "second"});
  l.log(Failed{2});
  std::vector<std::string> expected = details(0, 0, 10);
  expected.push_back("failed:1");
  for (auto& d : details(0, 10, 20)) expected.push_back(d);
  expected.push_back("failed:2");
  CHECK(sequence(all_fields(log)) == expected);  // thread mode: thread 1's records are its own
}

TEST_CASE("all_threads mode writes every thread's recent records before an error, merged by time",
          "[flight_recorder]") {
  auto opts = recorder_on();
  opts.flight_recorder_all_threads = true;
  const auto log = test_support::configure("rec", opts);
  const auto l = ial::get_logger("rec.worker");
  std::thread([&] {
    for (std::uint64_t n = 0; n < 5; ++n) l.log(Detail{1, n, "other thread"});
  }).join();
  ial::flush();  // the writer keeps them, and frees the ended thread's ring: they must outlive it
  std::this_thread::sleep_for(50ms);
  for (std::uint64_t n = 0; n < 5; ++n) l.log(Detail{0, n, "main"});
  l.log(Failed{1});
  std::vector<std::string> expected = details(1, 0, 5);
  for (auto& d : details(0, 0, 5)) expected.push_back(d);
  expected.push_back("failed:1");
  CHECK(sequence(all_fields(log)) == expected);
}

TEST_CASE("a full flight recorder overwrites its oldest records", "[flight_recorder]") {
  const auto log = test_support::configure("rec", recorder_on(4096));
  const auto l = ial::get_logger("rec.worker");
  for (std::uint64_t n = 0; n < 1000; ++n) l.log(Detail{0, n, "a note of some length, to fill the ring"});
  l.log(Failed{1});
  const auto seq = sequence(all_fields(log));
  REQUIRE(seq.size() >= 2);
  CHECK(seq.back() == "failed:1");
  // Each entry: 32 bytes of header, a record of about 72 bytes: about 39 fit in 4 KiB.
  const std::size_t kept = seq.size() - 1;
  CHECK(kept >= 30);
  CHECK(kept < 50);
  CHECK(std::vector<std::string>(seq.begin(), seq.end() - 1) == details(0, 1000 - kept, 1000));
}

TEST_CASE("a recorded line carries the context it was logged in, not the error's", "[flight_recorder]") {
  const auto log = test_support::configure("rec", recorder_on());
  const auto l = ial::get_logger("rec.worker");
  {
    ial::scoped_context job(Job{7});
    l.log(Detail{0, 1, "in job 7"});
  }
  ial::scoped_context job(Job{8});
  l.log(Failed{1});
  auto lines = all_fields(log);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["msg"] == "detail");
  CHECK(lines[0]["job_id"] == "7");
  CHECK(lines[1]["job_id"] == "8");
  // flight_recorder= comes after the event's fields, before the context's.
  const auto raw = test_support::read_lines(log);
  CHECK(raw[0].find(" note=\"in job 7\" flight_recorder=true job_id=7") != std::string::npos);
}

TEST_CASE("messages and operation lines are kept too, each record whole", "[flight_recorder]") {
  // Their records have sizes the writer learns from their own descriptors: a wrong one would
  // misread every record after it.
  const auto log = test_support::configure("rec", recorder_on());
  const auto l = ial::get_logger("rec.worker");
  l.log_message(ial::level::debug, "from another logging system", {{"peer", "10.0.0.7"}, {"try", "2"}});
  { auto op = l.operation(Fetched{1, "https://example.test/a b"}); }
  l.log(Detail{0, 1, "after both"});
  l.log(Failed{1});
  auto lines = all_fields(log);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0]["msg"] == "from another logging system");
  CHECK(lines[0]["peer"] == "10.0.0.7");
  CHECK(lines[0]["try"] == "2");
  CHECK(lines[0]["flight_recorder"] == "true");
  CHECK(lines[1]["msg"] == "fetched");
  CHECK(lines[1]["url"] == "https://example.test/a b");
  CHECK(lines[1].count("duration_ms") == 1);
  CHECK(lines[1]["flight_recorder"] == "true");
  CHECK(sequence({lines[2], lines[3]}) == std::vector<std::string>{"detail:0:1", "failed:1"});
}

TEST_CASE("the flight recorder turned on and off at run time, and off by default", "[flight_recorder]") {
  const auto log = test_support::configure("rec");
  const auto l = ial::get_logger("rec.worker");
  l.log(Detail{0, 1, "off: dropped"});
  CHECK_FALSE(l.enabled(ial::level::debug));
  ial::set_log_levels({.flight_recorder = ial::level::debug});
  CHECK(l.enabled(ial::level::debug));  // logged: kept
  CHECK(l.threshold() == ial::level::info);
  l.log(Detail{0, 2, "on: kept"});
  l.log(Failed{1});
  ial::set_log_levels({.flight_recorder = ial::level::off});
  l.log(Detail{0, 3, "off again"});
  l.log(Failed{2});
  auto lines = all_fields(log);
  CHECK(sequence(lines) == std::vector<std::string>{"detail:0:2", "failed:1", "failed:2"});
  std::vector<std::string> recorder_settings;
  for (auto f : lines)
    if (f["msg"] == "log_levels_changed") recorder_settings.push_back(f["flight_recorder"]);
  CHECK(recorder_settings == std::vector<std::string>{"DEBUG", "null"});
}

TEST_CASE("third-party loggers are recorded only when spotlighted, muted ones never", "[flight_recorder]") {
  const auto root = test_support::fresh_root("rec");
  ::setenv("REC_MUTED_LOGGERS", "chatty", 1);
  ::setenv("REC_THIRD_PARTY_LOGGERS", "httpx", 1);
  auto opts = recorder_on();
  opts.log_root = root.string();
  const auto log = ial::configure_logging("rec", opts);
  ::unsetenv("REC_MUTED_LOGGERS");
  ::unsetenv("REC_THIRD_PARTY_LOGGERS");
  ial::get_logger("httpx").log(Detail{1, 1, "spotlighted"});
  ial::get_logger("vendor.http").log(Detail{3, 1, "third-party"});  // before: replayed too
  ial::get_logger("chatty.sub").log(Detail{2, 1, "muted"});
  CHECK_FALSE(ial::get_logger("chatty").enabled(ial::level::debug));
  CHECK_FALSE(ial::get_logger("vendor.http").enabled(ial::level::debug));
  ial::get_logger("rec.worker").log(Detail{4, 1, "ours"});
  ial::get_logger("rec.worker").log(Failed{1});
  CHECK(sequence(all_fields(log)) == std::vector<std::string>{"detail:1:1", "detail:4:1", "failed:1"});
}

TEST_CASE("a recorded event allocates nothing on the caller", "[flight_recorder]") {
  const auto log = test_support::configure("rec", recorder_on());
  const auto l = ial::get_logger("rec.worker");
  for (std::uint64_t n = 0; n < 100; ++n) l.log(Detail{0, n, "warm-up"});
  ial::flush();
  test_support::allocations = 0;
  test_support::counting = true;
  for (std::uint64_t n = 0; n < 10000; ++n) l.log(Detail{0, n, "counted"});
  test_support::counting = false;
  if (test_support::counts_allocations) CHECK(test_support::allocations.load() == 0);
  l.log(Failed{1});
  CHECK(sequence(all_fields(log)).size() > 1000);
}

TEST_CASE("flight recorder settings: a bad value is reported and the default kept", "[flight_recorder]") {
  std::map<std::string, std::string> env{{"APP_FLIGHT_RECORDER", "LOUD"},
                                         {"APP_FLIGHT_RECORDER_BYTES", "12"},
                                         {"APP_FLIGHT_RECORDER_SECONDS", "30"},
                                         {"APP_FLIGHT_RECORDER_MODE", "everyone"}};
  std::vector<std::string> warnings;
  const auto getenv = [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  const auto warn = [&](std::string_view w) { warnings.emplace_back(w); };
  auto policy = ial::detail::level_policy::from_env("app", "APP", getenv, warn, ial::level::trace);
  CHECK(policy.recorder == ial::level::trace);  // the option's value kept
  ial::options opts;
  const auto s = ial::detail::recorder_settings_from_env(opts, "APP", getenv, warn);
  CHECK(s.bytes == opts.flight_recorder_bytes);
  CHECK(s.window == 30s);
  CHECK_FALSE(s.all_threads);
  REQUIRE(warnings.size() == 3);
  CHECK_THAT(warnings[0], Catch::Contains("APP_FLIGHT_RECORDER=\"LOUD\" is not a level") && Catch::Contains("OFF"));
  CHECK_THAT(warnings[1], Catch::Contains("APP_FLIGHT_RECORDER_BYTES=\"12\" is not a whole number from 1024"));
  CHECK_THAT(warnings[2], Catch::Contains("APP_FLIGHT_RECORDER_MODE=\"everyone\" is not thread or all_threads"));

  env = {{"APP_FLIGHT_RECORDER", "off"}, {"APP_FLIGHT_RECORDER_MODE", "all_threads"}};
  warnings.clear();
  CHECK_FALSE(ial::detail::level_policy::from_env("app", "APP", getenv, warn, ial::level::debug).recorder);
  CHECK(ial::detail::recorder_settings_from_env(opts, "APP", getenv, warn).all_threads);
  CHECK(warnings.empty());
}
