// Levels at run time: set_log_levels(), reset_log_levels(), and the control
// file next to the log ({root}/{app}/{app}.levels).
#include "levels/control_file.hpp"
#include "support/log_file.hpp"

#include <instrukt_ai/logging.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace ial = instrukt_ai::logging;
using namespace std::chrono_literals;
using test_support::fields;

namespace {

struct TraceStep {
  static constexpr ial::event_info event{"trace_step", ial::level::trace};
  std::uint64_t n;
};
struct DebugStep {
  static constexpr ial::event_info event{"debug_step", ial::level::debug};
  std::uint64_t n;
};
struct InfoStep {
  static constexpr ial::event_info event{"info_step", ial::level::info};
  std::uint64_t n;
};

struct Step {
  static constexpr ial::event_info event{"step", ial::level::debug};
  std::uint32_t thread;
  std::uint64_t n;
  std::uint64_t phase;
};
struct Mark {
  static constexpr ial::event_info event{"mark", ial::level::info};
  std::uint32_t thread;
  std::uint64_t n;
};

using lines = std::vector<std::string>;

std::vector<std::map<std::string, std::string>> with_msg(const lines& all, const std::string& msg) {
  std::vector<std::map<std::string, std::string>> out;
  for (const auto& l : all)
    if (auto f = fields(l); f["msg"] == msg) out.push_back(f);
  return out;
}

// Flushes and reads the file until `done` holds for its lines, at most `limit`.
template <class Done>
lines wait_for(const std::filesystem::path& log, Done done, std::chrono::milliseconds limit = 3000ms) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (true) {
    ial::flush();
    lines all = test_support::read_lines(log);
    if (done(all) || std::chrono::steady_clock::now() >= until) return all;
    std::this_thread::sleep_for(20ms);
  }
}

std::size_t count_msg(const lines& all, const std::string& msg) { return with_msg(all, msg).size(); }

// Writes the control file as an operator's tool would: whole, then renamed into place.
void write_control(const std::filesystem::path& path, const std::string& text, mode_t mode = 0640) {
  const auto tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
  }
  REQUIRE(::chmod(tmp.c_str(), mode) == 0);
  std::filesystem::rename(tmp, path);
}

std::string rfc3339_in(std::chrono::milliseconds from_now) {
  std::string t(27, '\0');
  const auto at = std::chrono::system_clock::now() + from_now;
  ial::detail::write_rfc3339(t.data(),
                             std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count());
  return t;
}

}  // namespace

TEST_CASE("set_log_levels changes existing and later loggers, and reset_log_levels brings the environment back",
          "[control]") {
  const auto log = test_support::configure("ctl");
  const auto existing = ial::get_logger("ctl.worker");
  const auto third_party = ial::get_logger("httpx");
  existing.log(DebugStep{1});  // INFO by default: not written
  CHECK(existing.threshold() == ial::level::info);

  ial::set_log_levels({.ours = ial::level::debug, .muted_loggers = "ctl.noisy"});
  const auto later = ial::get_logger("ctl.later");
  existing.log(DebugStep{2});
  later.log(DebugStep{3});
  ial::get_logger("ctl.noisy").log(InfoStep{4});  // muted: WARNING and above
  third_party.log(InfoStep{5});                   // the environment's third-party level stays: WARNING
  CHECK(later.threshold() == ial::level::debug);
  CHECK(third_party.threshold() == ial::level::warning);

  ial::reset_log_levels();
  existing.log(DebugStep{6});
  later.log(DebugStep{7});
  ial::get_logger("ctl.noisy").log(InfoStep{8});
  ial::flush();

  const lines all = test_support::read_lines(log);
  std::vector<std::string> steps;
  for (const auto& l : all) {
    auto f = fields(l);
    if (f["msg"] == "log_levels_changed") steps.push_back("changed:" + f["source"]);
    else steps.push_back(f["msg"] + ":" + f["n"]);
  }
  CHECK(steps == std::vector<std::string>{"changed:api", "debug_step:2", "debug_step:3", "changed:reset",
                                          "info_step:8"});
  auto changes = with_msg(all, "log_levels_changed");
  REQUIRE(changes.size() == 2);
  CHECK(changes[0]["level"] == "INFO");
  CHECK(changes[0]["logger"] == "instrukt_ai.logging");
  CHECK(changes[0]["log_level"] == "DEBUG");
  CHECK(changes[0]["third_party_log_level"] == "WARNING");
  CHECK(changes[0]["muted_loggers"] == "ctl.noisy");
  CHECK(changes[0]["expires"] == "null");  // an empty optional
  CHECK(changes[0]["third_party_loggers"] == "null");  // an empty optional
  CHECK(changes[1]["log_level"] == "INFO");
  CHECK(changes[1]["muted_loggers"] == "null");  // an empty optional
}

TEST_CASE("levels changed while 4 threads log: no event is lost or mis-levelled around a switch", "[control]") {
  const auto log = test_support::configure("ctl");
  // The main thread switches DEBUG on and off. A switch k is `begun = k`, the
  // call, then `ended = k`. A thread reads `ended` before an event and `begun`
  // after it: when both are the same k, no switch overlapped the event, and
  // switch k decided it (odd k: DEBUG on).
  std::atomic<std::uint64_t> begun{0}, ended{0};
  std::atomic<bool> done{false};
  constexpr std::uint32_t threads = 4;
  std::vector<std::vector<std::pair<std::uint64_t, bool>>> decided(threads);  // n -> must it be written
  std::vector<std::uint64_t> logged(threads);
  std::vector<std::thread> pool;
  for (std::uint32_t t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      const auto l = ial::get_logger("ctl.switch");
      std::uint64_t n = 0;
      while (!done.load()) {
        const std::uint64_t before = ended.load();
        l.log(Step{t, n, before});
        const std::uint64_t after = begun.load();
        if (before == after) decided[t].emplace_back(n, before % 2 == 1);
        l.log(Mark{t, n});  // INFO: always written
        ++n;
      }
      logged[t] = n;
    });
  for (std::uint64_t k = 1; k <= 200; ++k) {
    begun.store(k);
    if (k % 2 == 1) ial::set_log_levels({.ours = ial::level::debug});
    else ial::reset_log_levels();
    ended.store(k);
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  done.store(true);
  for (auto& th : pool) th.join();
  ial::flush();

  std::vector<std::set<std::uint64_t>> steps(threads), marks(threads);
  std::uint64_t changes = 0;
  for (const auto& line : test_support::read_lines(log)) {
    auto f = fields(line);
    if (f["msg"] == "log_levels_changed") ++changes;
    if (f["msg"] == "step") {
      CHECK(f["level"] == "DEBUG");
      steps[std::stoul(f["thread"])].insert(std::stoull(f["n"]));
    }
    if (f["msg"] == "mark") marks[std::stoul(f["thread"])].insert(std::stoull(f["n"]));
  }
  CHECK(changes == 200);
  std::uint64_t checked_on = 0, checked_off = 0;
  for (std::uint32_t t = 0; t < threads; ++t) {
    CHECK(marks[t].size() == logged[t]);
    for (const auto& [n, written] : decided[t]) {
      if (steps[t].count(n) != (written ? 1u : 0u)) FAIL("thread " << t << " step " << n << " should be written: " << written);
      (written ? checked_on : checked_off) += 1;
    }
  }
  CHECK(checked_on > 100);
  CHECK(checked_off > 100);
}

TEST_CASE("set_log_levels with an expiry reverts by itself within a second", "[control]") {
  const auto log = test_support::configure("ctl");
  const auto l = ial::get_logger("ctl.worker");
  ial::set_log_levels({.ours = ial::level::trace, .expires = std::chrono::system_clock::now() + 300ms});
  l.log(TraceStep{1});
  const auto t0 = std::chrono::steady_clock::now();
  const lines all = wait_for(log, [](const lines& a) { return count_msg(a, "log_levels_changed") == 2; });
  const auto waited = std::chrono::steady_clock::now() - t0;
  auto changes = with_msg(all, "log_levels_changed");
  REQUIRE(changes.size() == 2);
  CHECK(changes[0]["source"] == "api");
  CHECK(changes[0]["log_level"] == "TRACE");
  CHECK(changes[0].count("expires") == 1);
  CHECK(changes[1]["source"] == "expired");
  CHECK(changes[1]["log_level"] == "INFO");
  CHECK(waited < 1500ms);
  CHECK(l.threshold() == ial::level::info);
  CHECK(count_msg(all, "trace_step") == 1);
}

TEST_CASE("set_log_levels refuses a past expiry and an unconfigured process, saying what to do", "[control]") {
  CHECK_THROWS_WITH(ial::set_log_levels({.ours = ial::level::debug}),
                    Catch::Contains("not configured") && Catch::Contains("configure_logging() first"));
  CHECK_THROWS_AS(ial::reset_log_levels(), ial::configuration_error);
  test_support::configure("ctl");
  CHECK_THROWS_WITH(ial::set_log_levels({.ours = ial::level::debug, .expires = std::chrono::system_clock::now() - 1s}),
                    Catch::Contains("`expires` is not in the future"));
  CHECK(ial::get_logger("ctl.x").threshold() == ial::level::info);  // nothing applied
}

TEST_CASE("the control file applies within a second, and deleting it brings back the environment's levels",
          "[control]") {
  const auto log = test_support::configure("ctl");
  const auto control = log.parent_path() / "ctl.levels";
  const auto l = ial::get_logger("ctl.worker");
  write_control(control, "# for the incident\nCTL_LOG_LEVEL=DEBUG\nCTL_THIRD_PARTY_LOGGERS=httpx, urllib3\n");
  const auto t0 = std::chrono::steady_clock::now();
  lines all = wait_for(log, [](const lines& a) { return count_msg(a, "log_levels_changed") == 1; });
  CHECK(std::chrono::steady_clock::now() - t0 < 1000ms);
  auto changes = with_msg(all, "log_levels_changed");
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["source"] == "file");
  CHECK(changes[0]["log_level"] == "DEBUG");
  CHECK(changes[0]["third_party_loggers"] == "httpx,urllib3");
  CHECK(l.threshold() == ial::level::debug);
  CHECK(ial::get_logger("botocore").threshold() == ial::level::warning);

  std::filesystem::remove(control);
  all = wait_for(log, [](const lines& a) { return count_msg(a, "log_levels_changed") == 2; });
  changes = with_msg(all, "log_levels_changed");
  REQUIRE(changes.size() == 2);
  CHECK(changes[1]["source"] == "reset");
  CHECK(changes[1]["log_level"] == "INFO");
  CHECK(changes[1]["third_party_loggers"] == "null");  // an empty optional
  CHECK(l.threshold() == ial::level::info);
}

TEST_CASE("a control file present at start applies before the first lines are written", "[control]") {
  const auto root = test_support::fresh_root("ctl");
  std::filesystem::create_directories(root / "ctl");
  write_control(root / "ctl" / "ctl.levels", "CTL_LOG_LEVEL=DEBUG\n");
  ial::options opts;
  opts.log_root = root.string();
  opts.startup_line = false;
  const auto log = ial::configure_logging("ctl", opts);
  const auto all = wait_for(log, [](const lines& a) { return count_msg(a, "log_levels_changed") == 1; });
  CHECK(count_msg(all, "log_levels_changed") == 1);
  CHECK(ial::get_logger("ctl.worker").threshold() == ial::level::debug);
}

TEST_CASE("the control file's expires= reverts its levels, and an expired file applies nothing", "[control]") {
  const auto log = test_support::configure("ctl");
  const auto control = log.parent_path() / "ctl.levels";
  write_control(control, "CTL_LOG_LEVEL=TRACE\nexpires=" + rfc3339_in(600ms) + "\n");
  const lines all = wait_for(log, [](const lines& a) { return count_msg(a, "log_levels_changed") == 2; });
  auto changes = with_msg(all, "log_levels_changed");
  REQUIRE(changes.size() == 2);
  CHECK(changes[0]["source"] == "file");
  CHECK(changes[0]["log_level"] == "TRACE");
  CHECK(changes[0]["expires"].size() == 27);
  CHECK(changes[1]["source"] == "expired");
  CHECK(changes[1]["log_level"] == "INFO");
  CHECK(ial::get_logger("ctl.worker").threshold() == ial::level::info);

  // Rewritten, but already past its time: nothing changes.
  write_control(control, "CTL_LOG_LEVEL=TRACE\nexpires=2020-01-01T00:00:00Z\n");
  const lines later = wait_for(log, [](const lines&) { return false; }, 600ms);
  CHECK(count_msg(later, "log_levels_changed") == 2);
  CHECK(ial::get_logger("ctl.worker").threshold() == ial::level::info);
}

TEST_CASE("a bad control-file line gets a WARNING naming it, and the other lines still apply", "[control]") {
  const auto log = test_support::configure("ctl");
  const auto control = log.parent_path() / "ctl.levels";
  write_control(control,
                "CTL_LOG_LEVEL=LOUD\n"
                "CTL_THIRD_PARTY_LOG_LEVEL=info\n"
                "MY_OTHER_APP_LOG_LEVEL=DEBUG\n"
                "just words\n"
                "expires=tomorrow\n"
                "export CTL_MUTED_LOGGERS=\"ctl.chatty\"\n");
  const lines all = wait_for(log, [](const lines& a) { return count_msg(a, "log_levels_changed") == 1; });
  auto ignored = with_msg(all, "log_levels_line_ignored");
  REQUIRE(ignored.size() == 4);
  CHECK(ignored[0]["level"] == "WARNING");
  CHECK(ignored[0]["path"] == control.string());
  CHECK(ignored[0]["line_number"] == "1");
  CHECK(ignored[0]["line"] == "CTL_LOG_LEVEL=LOUD");
  CHECK_THAT(ignored[0]["reason"], Catch::Contains("\"LOUD\" is not a level"));
  CHECK(ignored[1]["line_number"] == "3");
  CHECK_THAT(ignored[1]["reason"], Catch::Contains("unknown setting \"MY_OTHER_APP_LOG_LEVEL\"") &&
                                       Catch::Contains("CTL_LOG_LEVEL"));
  CHECK(ignored[2]["line_number"] == "4");
  CHECK_THAT(ignored[2]["reason"], Catch::Contains("not NAME=VALUE"));
  CHECK(ignored[3]["line_number"] == "5");
  CHECK_THAT(ignored[3]["reason"], Catch::Contains("RFC 3339"));
  auto changes = with_msg(all, "log_levels_changed");
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["log_level"] == "INFO");  // the bad line's default kept
  CHECK(changes[0]["third_party_log_level"] == "INFO");
  CHECK(changes[0]["muted_loggers"] == "ctl.chatty");
  CHECK(changes[0]["expires"] == "null");  // an empty optional
  CHECK(ial::get_logger("ctl.chatty").threshold() == ial::level::warning);
}

TEST_CASE("a control file of 64 KiB of bad lines gives at most 10 WARNINGs per change, then their count",
          "[control]") {
  const auto log = test_support::configure("ctl");
  const auto control = log.parent_path() / "ctl.levels";
  std::string text = "CTL_LOG_LEVEL=DEBUG\n";
  while (text.size() < 60000) text += "x\n";  // ~30,000 bad lines
  write_control(control, text);
  const lines all = wait_for(log, [](const lines& a) { return count_msg(a, "log_levels_changed") == 1; });
  CHECK(count_msg(all, "log_levels_line_ignored") == 10);  // before: one per line, 29,990 of them
  auto more = with_msg(all, "log_levels_lines_ignored");
  REQUIRE(more.size() == 1);
  CHECK(more[0]["more_lines"] == std::to_string((text.size() - 20) / 2 - 10));
  CHECK(more[0]["path"] == control.string());
}

TEST_CASE("a control file's expires= past the clock's range is a bad line, not a time in 1816", "[control]") {
  const auto log = test_support::configure("ctl");
  const auto control = log.parent_path() / "ctl.levels";
  write_control(control, "CTL_LOG_LEVEL=DEBUG\nexpires=2262-04-12T00:00:00Z\n");
  const lines all = wait_for(log, [](const lines& a) { return count_msg(a, "log_levels_changed") == 1; });
  auto ignored = with_msg(all, "log_levels_line_ignored");
  REQUIRE(ignored.size() == 1);
  CHECK_THAT(ignored[0]["reason"], Catch::Contains("past the latest time the clock holds"));
  auto changes = with_msg(all, "log_levels_changed");
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["log_level"] == "DEBUG");  // applied, with no expiry (before: expires=1816..., reverted at once)
  CHECK(changes[0]["expires"] == "null");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(count_msg(test_support::read_lines(log), "log_levels_changed") == 1);
}

TEST_CASE("an unsafe control file is refused with a WARNING saying why, and the levels stay", "[control]") {
  const auto log = test_support::configure("ctl");
  const auto control = log.parent_path() / "ctl.levels";
  const auto l = ial::get_logger("ctl.worker");
  auto refusals = [&](std::size_t n) {
    return wait_for(log, [n](const lines& a) { return count_msg(a, "log_levels_file_refused") >= n; });
  };

  write_control(control, "CTL_LOG_LEVEL=TRACE\n", 0666);
  lines all = refusals(1);
  auto refused = with_msg(all, "log_levels_file_refused");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0]["level"] == "WARNING");
  CHECK(refused[0]["path"] == control.string());
  CHECK_THAT(refused[0]["reason"], Catch::Contains("group- or world-writable (mode 0666)") && Catch::Contains("chmod 0640"));

  write_control(control, "CTL_LOG_LEVEL=TRACE\n", 0620);
  all = refusals(2);
  CHECK_THAT(with_msg(all, "log_levels_file_refused").back()["reason"], Catch::Contains("mode 0620"));

  std::filesystem::remove(control);
  const auto target = log.parent_path() / "elsewhere.levels";
  write_control(target, "CTL_LOG_LEVEL=TRACE\n");
  std::filesystem::create_symlink(target, control);
  all = refusals(3);
  CHECK_THAT(with_msg(all, "log_levels_file_refused").back()["reason"], Catch::Contains("symbolic link"));
  std::filesystem::remove(control);

  if (::geteuid() == 0) {  // only root can give a file to another user
    write_control(control, "CTL_LOG_LEVEL=TRACE\n");
    REQUIRE(::chown(control.c_str(), 65534, 65534) == 0);
    all = refusals(4);
    CHECK_THAT(with_msg(all, "log_levels_file_refused").back()["reason"],
               Catch::Contains("owned by uid 65534") && Catch::Contains("chown"));
    std::filesystem::remove(control);
  } else {
    WARN("not root: the owner check is not exercised");
  }
  CHECK(count_msg(all, "log_levels_changed") == 0);
  CHECK(l.threshold() == ial::level::info);

  // Made safe, the same file applies (its mode change alone is noticed).
  write_control(control, "CTL_LOG_LEVEL=TRACE\n", 0666);
  refusals(::geteuid() == 0 ? 5 : 4);
  REQUIRE(::chmod(control.c_str(), 0640) == 0);
  all = wait_for(log, [](const lines& a) { return count_msg(a, "log_levels_changed") == 1; });
  CHECK(count_msg(all, "log_levels_changed") == 1);
  CHECK(l.threshold() == ial::level::trace);
}

TEST_CASE("the latest change wins: deleting the file does not undo a later set_log_levels", "[control]") {
  const auto log = test_support::configure("ctl");
  const auto control = log.parent_path() / "ctl.levels";
  write_control(control, "CTL_LOG_LEVEL=DEBUG\n");
  wait_for(log, [](const lines& a) { return count_msg(a, "log_levels_changed") == 1; });
  ial::set_log_levels({.ours = ial::level::trace});
  std::filesystem::remove(control);
  const lines all = wait_for(log, [](const lines&) { return false; }, 600ms);
  auto changes = with_msg(all, "log_levels_changed");
  REQUIRE(changes.size() == 2);
  CHECK(changes[1]["source"] == "api");
  CHECK(ial::get_logger("ctl.worker").threshold() == ial::level::trace);
}

TEST_CASE("control-file text: comments, quotes, export and CRLF, and the tool's text reads back the same", "[control]") {
  using ial::detail::parse_control_text;
  const auto r = parse_control_text(
      "# comment\r\n\r\n  export APP_LOG_LEVEL = 'warn' \r\nAPP_THIRD_PARTY_LOGGERS=\"a.b,c\"\r\n"
      "APP_MUTED_LOGGERS=\r\nexpires=2030-01-02T03:04:05+01:00\r\n",
      "APP", 0);
  CHECK(r.bad_lines.empty());
  CHECK(r.levels.ours == ial::level::warning);
  CHECK_FALSE(r.levels.third_party);
  CHECK(r.levels.third_party_loggers == "a.b,c");
  CHECK(r.levels.muted_loggers == "");
  REQUIRE(r.levels.expires);
  CHECK(std::chrono::duration_cast<std::chrono::seconds>(r.levels.expires->time_since_epoch()).count() ==
        1893553445 - 3600);  // 2030-01-02T03:04:05Z, an hour ahead of UTC
  CHECK_FALSE(r.expired);

  ial::log_levels in{.ours = ial::level::debug,
                     .third_party = ial::level::error,
                     .third_party_loggers = "httpx",
                     .muted_loggers = "x.y",
                     .expires = std::chrono::system_clock::time_point(std::chrono::seconds(1893549845))};
  const auto back = parse_control_text(ial::detail::control_text(in, "APP"), "APP", 0);
  CHECK(back.bad_lines.empty());
  CHECK(back.levels.ours == in.ours);
  CHECK(back.levels.third_party == in.third_party);
  CHECK(back.levels.third_party_loggers == in.third_party_loggers);
  CHECK(back.levels.muted_loggers == in.muted_loggers);
  CHECK(back.levels.expires == in.expires);
}
