// instrukt-ai-logs: which files and lines it reads, its filters, its output,
// its errors, and --follow across rotation and truncation.
#include "support/command.hpp"
#include "support/log_file.hpp"
#include "support/logs_text.hpp"

#include "logs/line_filter.hpp"
#include "common/time_text.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>
#include <zlib.h>

namespace fs = std::filesystem;
namespace logs = instrukt_ai::logs;
using namespace std::chrono_literals;
using namespace test_support::logs_text;
using test_support::run_command;

namespace {

using names = std::vector<std::string>;

// An app folder with a live file, a rotated .1, a .gz archive, and another stem.
fs::path sample_app() {
  const auto root = test_support::fresh_root("sample");
  const auto app = root / "my-app";
  fs::create_directories(app);
  write_gz(app / "my-app.log.2.gz", line(4000, "level=INFO logger=my_app.a msg=too_old") +
                                        line(500, "level=INFO logger=my_app.a msg=from_gz job_id=2"));
  write_file(app / "my-app.log.1",
             line(400, "level=WARNING logger=my_app.jobs.x msg=job_failed job_id=42 error=\"connect timeout\" "
                       "duration_ms=150") +
                 line(300, "level=INFO logger=my_app.jobsx msg=job_ok job_id=43 duration_ms=50"));
  write_file(app / "my-app.log", line(200, "level=DEBUG logger=my_app.jobs msg=job_started job_id=44") +
                                     "a line without a timestamp\n" +
                                     line(100, "level=ERROR logger=other.lib msg=boom note=\"say \\\"hi\\\"\""));
  write_file(app / "cron.log", line(250, "level=INFO logger=my_app.cron msg=tick"));
  write_file(app / "notes.txt", line(150, "level=INFO logger=x msg=not_a_log"));
  return root;
}


}  // namespace

TEST_CASE("logs: the window merges live, rotated, .gz and other stems' files by timestamp", "[logs]") {
  const auto root = sample_app();
  auto r = run_command(tool + " My_App" + in(root) + " --since 1h");
  CHECK(r.status == 0);
  CHECK(msgs(r.out) == names{"from_gz", "job_failed", "job_ok", "tick", "job_started", "boom"});
  // The line without a timestamp stays with the line before it.
  CHECK(r.out.find("msg=job_started job_id=44\na line without a timestamp\n") != std::string::npos);
  r = run_command(tool + " my-app" + in(root) + " --since 350s");  // the default-like duration form
  CHECK(msgs(r.out) == names{"job_ok", "tick", "job_started", "boom"});
  r = run_command(tool + " my-app" + in(root) + " --since 1h --logs cron");
  CHECK(msgs(r.out) == names{"tick"});
  r = run_command(tool + " my-app" + in(root) + " --since 1h --logs my-app");
  CHECK(msgs(r.out) == names{"from_gz", "job_failed", "job_ok", "job_started", "boom"});
  // RFC 3339 bounds, --until included.
  r = run_command(tool + " my-app" + in(root) + " --since " + stamp(450) + " --until " + stamp(220));
  CHECK(msgs(r.out) == names{"job_failed", "job_ok", "tick"});
}

TEST_CASE("logs: --where predicates are typed and all must hold", "[logs]") {
  const auto root = sample_app();
  auto where = [&](const std::string& predicates) {
    return msgs(run_command(tool + " my-app" + in(root) + " --since 1h " + predicates).out);
  };
  CHECK(where("--where 'level>=WARNING'") == names{"job_failed", "boom"});
  CHECK(where("--where 'level<info'") == names{"job_started"});
  CHECK(where("--where 'logger=my_app.jobs.*'") == names{"job_failed", "job_started"});  // not my_app.jobsx
  CHECK(where("--where 'logger=my_app.jobs'") == names{"job_started"});
  CHECK(where("--where msg=job_failed") == names{"job_failed"});
  CHECK(where("--where job_id=42") == names{"job_failed"});
  CHECK(where("--where job_id=42.0") == names{"job_failed"});  // numbers compare as numbers
  CHECK(where("--where 'job_id!=42' --logs my-app") == names{"from_gz", "job_ok", "job_started", "boom"});
  CHECK(where("--where 'duration_ms>100'") == names{"job_failed"});
  CHECK(where("--where 'duration_ms<=150'") == names{"job_failed", "job_ok"});
  CHECK(where("--where 'error~time.ut'") == names{"job_failed"});
  CHECK(where("--where 'error=connect timeout'") == names{"job_failed"});  // quoted values are unescaped
  CHECK(where("--where 'note=say \"hi\"'") == names{"boom"});
  CHECK(where("--where 'level>=WARNING' --where 'logger=my_app.*'") == names{"job_failed"});
}

TEST_CASE("logs --where: durations compare with units on both sides, and a bare number against one says to add a "
          "unit",
          "[logs]") {
  const auto root = test_support::fresh_root("durations");
  fs::create_directories(root / "app");
  write_file(root / "app" / "app.log", line(50, "level=INFO logger=app msg=a latency=0.22ms") +
                                           line(40, "level=INFO logger=app msg=b latency=1.5ms") +
                                           line(30, "level=INFO logger=app msg=c latency=2s") +
                                           line(20, "level=INFO logger=app msg=d latency=300us") +
                                           line(10, "level=INFO logger=app msg=e duration_ms=150"));
  auto where = [&](const std::string& p) { return run_command(tool + " app" + in(root) + " --since 1h --where '" + p + "'"); };
  CHECK(msgs(where("latency>1ms").out) == names{"b", "c"});  // before: nothing, or "'1ms' is not a number"
  CHECK(msgs(where("latency>=250us").out) == names{"b", "c", "d"});
  CHECK(msgs(where("latency<1m").out) == names{"a", "b", "c", "d"});
  CHECK(msgs(where("latency=1500us").out) == names{"b"});
  auto r = where("latency>1");
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("--where 'latency>1': latency holds durations (0.22ms): give 1 a unit") != std::string::npos);
  r = where("duration_ms>1s");
  CHECK(r.status == 2);
  CHECK(r.err.find("duration_ms holds numbers without a unit (150)") != std::string::npos);
  r = where("latency>soon");
  CHECK(r.status == 2);
  CHECK(r.err.find("'soon' is not a number, nor a duration with its unit") != std::string::npos);
}

TEST_CASE("logs: --grep and --exclude match the raw text", "[logs]") {
  const auto root = sample_app();
  auto grep = [&](const std::string& args) {
    return msgs(run_command(tool + " my-app" + in(root) + " --since 1h " + args).out);
  };
  CHECK(grep("--grep 'job_(failed|ok)'") == names{"job_failed", "job_ok"});
  CHECK(grep("--grep 'msg=(job_failed|boom)'") == names{"job_failed", "boom"});
  CHECK(grep("--grep 'job_id=4[2-3] '") == names{"job_failed", "job_ok"});
  CHECK(grep("--grep '^[^ ]+ level=ERROR'") == names{"boom"});
  CHECK(grep("--grep 'timestamp\\s+20'").empty());  // a match across two groups is not one
  CHECK(grep("--grep 'timestamp$'") == names{"job_started"});  // anchors hold at line ends
  CHECK(grep("--grep 'duration_ms=1[0-9]+'") == names{"job_failed"});
  CHECK(grep("--grep 'without a timestamp'") == names{"job_started"});  // the group it continues
  CHECK(grep("--grep job_ --exclude 'job_id=4[34]'") == names{"from_gz", "job_failed"});
}

TEST_CASE("logs: timestamps and --since/--until forms", "[logs]") {
  CHECK(logs::line_time("2026-11-24T07:03:28.775123Z level=INFO") == 1795503808775123);
  CHECK(logs::line_time("2026-11-24T07:03:28Z x") == 1795503808000000);
  CHECK_FALSE(logs::line_time("2026-11-24 07:03:28.775123Z level=INFO"));
  CHECK_FALSE(logs::line_time("2026-11-24T07:03:28.775123Zlevel"));
  CHECK_FALSE(logs::line_time("continuation"));
  const logs::micros now = 1795503808775123;
  CHECK(logs::parse_when("30s", now) == now - 30'000'000);
  CHECK(logs::parse_when("10m", now) == now - 600'000'000);
  CHECK(logs::parse_when("2h", now) == now - 7'200'000'000);
  CHECK(logs::parse_when("1d", now) == now - 86'400'000'000);
  CHECK(logs::parse_when("2026-11-24T07:03:28.775123Z", now) == 1795503808775123);
  CHECK(logs::parse_when("2026-11-24 08:03:28+01:00", now) == 1795503808000000);
  CHECK(logs::parse_when("2026-11-24", now) == 1795478400000000);
  CHECK_FALSE(logs::parse_when("10x", now));
  CHECK_FALSE(logs::parse_when("m", now));
  CHECK_FALSE(logs::parse_when("2026-11-24T07:03:28", now));  // RFC 3339 needs a zone
  CHECK(logs::format_time(1795503808775123) == "2026-11-24T07:03:28.775123Z");
}

TEST_CASE("logs: --format json gives one object per line, keys in line order, each once", "[logs]") {
  const auto root = test_support::fresh_root("json");
  fs::create_directories(root / "app");
  const std::string t = stamp(5);
  write_file(root / "app" / "app.log", t + " level=INFO logger=app msg=x note=\"a \\\"b\\\"\\n\" gone=null "
                                           "quoted=\"null\" msg=dup flag\n" + line(4, "level=INFO msg=\"bad") +
                                           line(3, "level=INFO logger=app msg=y") + "tail text\n");
  const auto r = run_command(tool + " app" + in(root) + " --since 1m --format json");
  CHECK(r.status == 0);
  const auto out = lines_of(r.out);
  REQUIRE(out.size() == 3);
  CHECK(out[0] == "{\"timestamp\":\"" + t +
                      "\",\"level\":\"INFO\",\"logger\":\"app\",\"msg\":\"x\",\"note\":\"a \\\"b\\\"\\n\","
                      "\"gone\":null,\"quoted\":\"null\",\"flag\":true}");
  CHECK(out[1].starts_with("{\"line\":\""));
  CHECK(out[1].find("\"parse_error\":\"column ") != std::string::npos);
  CHECK(out[1].find("unterminated quoted value") != std::string::npos);
  CHECK(out[2].ends_with(",\"msg\":\"y\",\"continued\":\"tail text\"}"));
}

TEST_CASE("logs: the level is coloured on a terminal, unless --no-color or NO_COLOR", "[logs]") {
  const auto root = sample_app();
  // script(1) (bsdutils, always installed) gives the tool a terminal.
  const std::string cmd = tool + " my-app --root " + root.string() + " --since 1h --where 'level>=WARNING'";
  auto tty = [&](const std::string& c) { return run_command("script -qec \"" + c + "\" /dev/null").out; };
  const auto coloured = tty(cmd);
  CHECK(coloured.find("level=\x1b[33mWARNING\x1b[0m logger=my_app.jobs.x") != std::string::npos);
  CHECK(coloured.find("level=\x1b[31mERROR\x1b[0m logger=other.lib") != std::string::npos);
  CHECK(tty(cmd + " --no-color").find('\x1b') == std::string::npos);
  CHECK(tty("NO_COLOR=1 " + cmd).find('\x1b') == std::string::npos);
  CHECK(run_command(cmd).out.find('\x1b') == std::string::npos);  // a pipe: never
}

TEST_CASE("logs: nothing matched is exit 1 and says which folder and its newest line", "[logs]") {
  const auto root = sample_app();
  const auto r = run_command(tool + " my-app" + in(root) + " --since 1h --where msg=never");
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  CHECK(r.err.find("no line matched in " + (root / "my-app").string()) != std::string::npos);
  CHECK(r.err.find("newest line " + lines_of(test_support::read_all(root / "my-app" / "my-app.log")).back().substr(0, 27)) !=
        std::string::npos);
}

TEST_CASE("logs: an unknown app, a bad --since, regex or --where are exit 2 with what to fix", "[logs]") {
  const auto root = sample_app();
  fs::create_directories(root / "billing");
  auto r = run_command(tool + " shop" + in(root));
  CHECK(r.status == 2);
  CHECK(r.err.find("no app 'shop' under " + root.string()) != std::string::npos);
  CHECK(r.err.find("Apps found: billing, my-app") != std::string::npos);
  r = run_command(tool + " my-app" + in(root) + " --since '10 minutes'");
  CHECK(r.status == 2);
  CHECK(r.err.find("--since '10 minutes': use 30s, 10m, 2h, 1d or an RFC 3339 time") != std::string::npos);
  r = run_command(tool + " my-app" + in(root) + " --grep 'a(b'");
  CHECK(r.status == 2);
  CHECK(r.err.find("--grep 'a(b' is not a valid regular expression: missing closing parenthesis (at character 4)") !=
        std::string::npos);
  r = run_command(tool + " my-app" + in(root) + " --where 'duration_ms>fast'");
  CHECK(r.status == 2);
  CHECK(r.err.find("--where 'duration_ms>fast': 'fast' is not a number") != std::string::npos);
  r = run_command(tool + " my-app" + in(root) + " --where 'level>=LOUD'");
  CHECK(r.status == 2);
  CHECK(r.err.find("'LOUD' is not a level") != std::string::npos);
  r = run_command(tool + " my-app" + in(root) + " --where job_id");
  CHECK(r.status == 2);
  CHECK(r.err.find("needs KEY OP VALUE") != std::string::npos);
  r = run_command(tool + " my-app" + in(root) + " --bogus");
  CHECK(r.status == 2);
  CHECK(r.err.find("unknown option --bogus") != std::string::npos);
}

TEST_CASE("logs: a corrupt archive is named and the other files are still read", "[logs]") {
  const auto root = sample_app();
  const auto app = root / "my-app";
  // A truncated archive: its first line survives, the rest is cut.
  std::string text;
  for (int i = 0; i < 2000; ++i) text += line(600 - i * 0.01, "level=INFO logger=my_app msg=archived n=" + std::to_string(i));
  write_gz(app / "my-app.log.3.gz", text);
  const auto whole = test_support::read_all(app / "my-app.log.3.gz");
  write_file(app / "my-app.log.3.gz", whole.substr(0, whole.size() / 2));
  write_file(app / "my-app.log.4.gz", "this is not gzip\n");
  const auto r = run_command(tool + " my-app" + in(root) + " --since 1h --logs my-app --exclude archived");
  CHECK(r.status == 2);
  CHECK(r.err.find((app / "my-app.log.3.gz").string() + " is corrupt or truncated") != std::string::npos);
  CHECK(r.err.find((app / "my-app.log.4.gz").string() + " is not a gzip archive") != std::string::npos);
  CHECK(msgs(r.out) == names{"from_gz", "job_failed", "job_ok", "job_started", "boom"});
}

TEST_CASE("logs: an archive last written before the window is not opened", "[logs]") {
  const auto root = sample_app();
  const auto app = root / "my-app";
  write_file(app / "my-app.log.9.gz", "corrupt, but never read\n");
  set_age(app / "my-app.log.9.gz", 7200);
  auto r = run_command(tool + " my-app" + in(root) + " --since 1h");
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  set_age(app / "my-app.log.9.gz", 60);  // now it may hold window lines: it is read, and reported
  r = run_command(tool + " my-app" + in(root) + " --since 1h");
  CHECK(r.status == 2);
  CHECK(r.err.find("my-app.log.9.gz is not a gzip archive") != std::string::npos);
}

TEST_CASE("logs: the window's start is found in a large file, lines out of order within the tolerance included",
          "[logs]") {
  const auto root = test_support::fresh_root("large");
  fs::create_directories(root / "big");
  // 24 h of lines, one every 0.5 s; near the window's start, lines written up
  // to 1.5 s out of order.
  std::string text;
  const int total = 24 * 3600 * 2;
  int expected = 0;
  const double since = 600;
  std::vector<std::string> in_window;
  for (int i = 0; i < total; ++i) {
    double age = (total - i) * 0.5 + 1;
    if (i % 7 == 0) age += 1.5;  // written after newer lines
    const std::string l = line(age, "level=INFO logger=big msg=n i=" + std::to_string(i));
    text += l;
    if (age < since - 1) ++expected;  // clear of the boundary (the run takes a moment)
  }
  write_file(root / "big" / "big.log", text);
  const auto r = run_command(tool + " big" + in(root) + " --since 10m");
  REQUIRE(r.status == 0);
  const auto out = lines_of(r.out);
  CHECK(out.size() >= static_cast<std::size_t>(expected));
  CHECK(out.size() <= static_cast<std::size_t>(expected) + 4);
  bool sorted = true;
  for (std::size_t i = 1; i < out.size(); ++i) sorted = sorted && out[i - 1].substr(0, 27) <= out[i].substr(0, 27);
  CHECK(sorted);  // put back in timestamp order
  CHECK(test_support::fields(out.back())["i"] == std::to_string(total - 1));
}

namespace {

// instrukt-ai-logs -f running in the background, its stdout in a file.
struct follower {
  pid_t pid = -1;
  fs::path out;
  follower(const std::string& args, const fs::path& out_path) : out(out_path) {
    pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::execl("/bin/sh", "sh", "-c", ("exec " + tool + " " + args).c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  std::string text() const { return test_support::read_all(out); }
  // Waits (bounded) until the output holds `needle`.
  bool wait_for(const std::string& needle) const {
    for (int i = 0; i < 100; ++i) {
      if (text().find(needle) != std::string::npos) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }
  int stop() {
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  ~follower() {
    if (pid > 0) stop();
  }
};

}  // namespace

TEST_CASE("logs -f: window first, then new lines, across rotation, truncation and new files, each once", "[logs]") {
  const auto root = test_support::fresh_root("follow");
  const auto app = root / "svc";
  fs::create_directories(app);
  const auto live = app / "svc.log";
  write_file(live, line(30, "level=INFO logger=svc msg=before n=0"));
  follower f("svc --root " + root.string() + " --no-color --since 1m -f", root / "out.txt");
  REQUIRE(f.wait_for("msg=before"));
  append_file(live, line(0, "level=INFO logger=svc msg=appended n=1"));
  REQUIRE(f.wait_for("msg=appended"));
  // A partial line is not printed until it is complete.
  append_file(live, stamp(0) + " level=INFO logger=svc msg=split");
  std::this_thread::sleep_for(300ms);
  CHECK(f.text().find("msg=split") == std::string::npos);
  append_file(live, " n=2\n");
  REQUIRE(f.wait_for("msg=split n=2"));
  // Rotation by rename: the writer goes on writing to the old file for a while.
  fs::rename(live, app / "svc.log.1");
  write_file(live, line(0, "level=INFO logger=svc msg=new_file n=3"));
  REQUIRE(f.wait_for("msg=new_file"));
  std::this_thread::sleep_for(200ms);
  append_file(app / "svc.log.1", line(0, "level=INFO logger=svc msg=late_in_old n=4"));
  REQUIRE(f.wait_for("msg=late_in_old"));
  // Truncation: read again from the start.
  write_file(live, line(0, "level=INFO logger=svc msg=after_truncate n=5"));
  REQUIRE(f.wait_for("msg=after_truncate"));
  // A new stem's file appears.
  write_file(app / "cron.log", line(0, "level=INFO logger=svc.cron msg=cron_file n=6"));
  REQUIRE(f.wait_for("msg=cron_file"));
  // A line outside the filters' reach is not printed; stop, and count.
  std::this_thread::sleep_for(2500ms);  // the old file is retired after its grace period (1 s)
  append_file(app / "svc.log.1", line(0, "level=INFO logger=svc msg=too_late n=7"));
  append_file(live, line(0, "level=INFO logger=svc msg=last n=8"));
  REQUIRE(f.wait_for("msg=last"));
  CHECK(f.stop() == 0);
  CHECK(msgs(f.text()) == names{"before", "appended", "split", "new_file", "late_in_old", "after_truncate",
                                "cron_file", "last"});
}

TEST_CASE("logs -f: waits for a file that does not exist yet, and filters what it follows", "[logs]") {
  const auto root = test_support::fresh_root("follow-wait");
  follower f("late --root " + root.string() + " --no-color -f --where 'level>=WARNING' --logs late",
             root / "out.txt");
  std::this_thread::sleep_for(300ms);
  fs::create_directories(root / "late");
  write_file(root / "late" / "other.log", line(0, "level=ERROR logger=late msg=other_stem"));
  write_file(root / "late" / "late.log", line(0, "level=INFO logger=late msg=quiet") +
                                             line(0, "level=ERROR logger=late msg=loud"));
  REQUIRE(f.wait_for("msg=loud"));
  CHECK(f.stop() == 0);
  CHECK(msgs(f.text()) == names{"loud"});
}

TEST_CASE("logs --hosts: one app across a central tree's host folders, merged by time, each line ending host=",
          "[logs]") {
  const auto central = test_support::fresh_root("central-tree");
  for (const char* host : {"web-1", "web-2", "db-1"}) fs::create_directories(central / host);
  fs::create_directories(central / "web-1" / "orders");
  fs::create_directories(central / "web-2" / "orders");
  fs::create_directories(central / "db-1" / "billing");  // another app: not read
  write_file(central / "web-1" / "orders" / "orders.log",
             line(300, "level=INFO logger=orders msg=a") + line(100, "level=INFO logger=orders msg=c host=inner"));
  write_file(central / "web-1" / "orders" / "orders.log.1", line(400, "level=INFO logger=orders msg=rotated"));
  write_file(central / "web-2" / "orders" / "orders.log",
             line(200, "level=WARNING logger=orders msg=b") + "a line without a timestamp\n");
  write_file(central / "db-1" / "billing" / "billing.log", line(150, "level=INFO logger=billing msg=other_app"));

  auto r = run_command(tool + " orders --hosts" + in(central) + " --since 1h");
  CHECK(r.status == 0);
  CHECK(msgs(r.out) == names{"rotated", "a", "b", "c"});
  const auto out = lines_of(r.out);
  REQUIRE(out.size() == 5);
  CHECK(out[0].ends_with(" msg=rotated host=web-1"));
  CHECK(out[2].ends_with(" msg=b host=web-2"));
  CHECK(out[3] == "a line without a timestamp");  // the host goes on the line, not its continuation
  CHECK(out[4].ends_with(" msg=c host=inner host=web-1"));  // the line's own host= comes first
  // Filters see the lines as written; one host is --root CENTRAL/HOST, without --hosts.
  r = run_command(tool + " orders --hosts" + in(central) + " --since 1h --where level=WARNING");
  CHECK(msgs(r.out) == names{"b"});
  r = run_command(tool + " orders" + in(central / "web-2") + " --since 1h");
  CHECK(msgs(r.out) == names{"b"});
  CHECK(r.out.find("host=") == std::string::npos);
  // JSON is derived from the printed line: "host" is the first host= (the line's own wins).
  r = run_command(tool + " orders --hosts" + in(central) + " --since 1h --format json");
  const auto json = lines_of(r.out);
  REQUIRE(json.size() == 4);
  CHECK(json[0].ends_with(R"("msg":"rotated","host":"web-1"})"));
  CHECK(json[1].ends_with(R"("msg":"a","host":"web-1"})"));
  CHECK(json[2].ends_with(R"("msg":"b","host":"web-2","continued":"a line without a timestamp"})"));
  CHECK(json[3].ends_with(R"("msg":"c","host":"inner"})"));

  // Errors name what to do.
  r = run_command(tool + " orders --hosts --no-color --since 1h");
  CHECK(r.status == 2);
  CHECK(r.err.find("--hosts needs --root CENTRAL") != std::string::npos);
  r = run_command(tool + " payments --hosts" + in(central));
  CHECK(r.status == 2);
  CHECK(r.err.find("no app 'payments' in any host folder") != std::string::npos);
  CHECK(r.err.find("Hosts found: db-1, web-1, web-2") != std::string::npos);
  r = run_command(tool + " billing --hosts" + in(central) + " --since 1m");
  CHECK(r.status == 1);
  CHECK(r.err.find("no line matched in " + central.string() + "/*/billing") != std::string::npos);
}

TEST_CASE("logs --hosts -f: new lines of every host folder, each ending host=", "[logs]") {
  const auto central = test_support::fresh_root("central-follow");
  fs::create_directories(central / "web-1" / "orders");
  fs::create_directories(central / "web-2");  // the app's folder appears while following
  write_file(central / "web-1" / "orders" / "orders.log", line(10, "level=INFO logger=orders msg=before"));
  follower f("orders --hosts --root " + central.string() + " --no-color --since 1m -f", central / "out.txt");
  REQUIRE(f.wait_for("msg=before host=web-1"));
  append_file(central / "web-1" / "orders" / "orders.log", line(0, "level=INFO logger=orders msg=one"));
  REQUIRE(f.wait_for("msg=one host=web-1"));
  fs::create_directories(central / "web-2" / "orders");
  write_file(central / "web-2" / "orders" / "orders.log", line(0, "level=INFO logger=orders msg=two"));
  REQUIRE(f.wait_for("msg=two host=web-2"));
  CHECK(f.stop() == 0);
  CHECK(msgs(f.text()) == names{"before", "one", "two"});
}
