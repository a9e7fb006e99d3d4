// instrukt-ai-catalog, run as a process on catalogs and logs written by the
// real library: check, diff, docs, and their errors and exit codes.
#include "catalog/json.hpp"
#include "catalog_events.hpp"
#include "support/command.hpp"
#include "support/log_file.hpp"

#include <instrukt_ai/logging/catalog_export.hpp>
#include <instrukt_ai/logging/formatted.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace ial = instrukt_ai::logging;
using namespace catalog_test;
using namespace std::chrono_literals;

namespace {

// Runs the tool with args (a shell fragment), capturing stdout and stderr.
test_support::command_result run_tool(const std::string& args) {
  return test_support::run_command(std::string(IAL_CATALOG_TOOL) + " " + args);
}

std::filesystem::path write_file(const std::string& name, const std::string& text) {
  const auto path = test_support::process_root() / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A catalog file and a log written by the library for it.
struct fixture {
  std::filesystem::path catalog;
  std::filesystem::path log;
  std::vector<std::string> lines;
};

// Runs `diff` on two catalogs (written to files).
test_support::command_result run_diff(const ial::catalog_description& before, const ial::catalog_description& after) {
  const auto old_path = write_file("old.json", ial::to_json(before));
  const auto new_path = write_file("new.json", ial::to_json(after));
  return run_tool("diff " + old_path.string() + " " + new_path.string());
}

fixture real_log() {
  ::setenv("JOBS_LOG_LEVEL", "TRACE", 1);
  const auto log_path = test_support::configure("jobs");
  auto log = ial::get_logger<jobs_catalog>("jobs.worker");
  log.log(JobStarted{42, "user with spaces"});
  log.log(JobFinished{42, job_state::done, 1500ms, std::nullopt, 0.25, true, -3,
                      std::chrono::system_clock::time_point(std::chrono::seconds(1795000000))});
  log.log(JobFinished{43, job_state::running, 2ms, 250us, 1e-7, false, 127, std::chrono::system_clock::now()});
  log.log(ThreeNumbers{1, 2, -0.5});
  ial::get_logger("httpx.client").log(ThreeNumbers{7, 8, 9});  // another library's logger: counted, not checked
  ial::flush();
  fixture f{write_file("jobs.catalog.json", ial::catalog_json<jobs_catalog>("jobs")), log_path,
            test_support::read_lines(log_path)};
  REQUIRE(f.lines.size() == 5);
  return f;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("check: a log written by the library passes, with counts per event and level", "[tool]") {
  const auto f = real_log();
  const auto r = run_tool("check " + f.catalog.string() + " " + f.log.string());
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("5 lines, 0 findings, 1 lines from other loggers (not checked)") != std::string::npos);
  CHECK(r.out.find("  event job_finished: 2\n") != std::string::npos);
  CHECK(r.out.find("  event job_started: 1\n") != std::string::npos);
  CHECK(r.out.find("  level DEBUG: 2\n") != std::string::npos);
  CHECK(r.out.find("  level WARNING: 2\n") != std::string::npos);
}

TEST_CASE("check reads what the reader reads: a .gz archive, an app's folder, an app's name with --root, and a "
          "damaged archive up to its damage",
          "[tool]") {
  const auto f = real_log();
  const auto folder = f.log.parent_path();
  const auto gz = folder / "jobs.log.2.gz";
  REQUIRE(test_support::run_command("gzip -c " + f.log.string() + " > " + gz.string()).status == 0);
  std::filesystem::copy_file(f.log, folder / "jobs.log.1");
  auto r = run_tool("check " + f.catalog.string() + " " + gz.string());
  INFO(r.out << r.err);
  CHECK(r.status == 0);  // before: each line of the archive was "not valid logfmt"
  CHECK(r.out.find("5 lines, 0 findings") != std::string::npos);
  r = run_tool("check " + f.catalog.string() + " " + folder.string());
  CHECK(r.status == 0);
  CHECK(r.out.find("15 lines, 0 findings") != std::string::npos);
  r = run_tool("check " + f.catalog.string() + " jobs --root " + folder.parent_path().string());
  CHECK(r.status == 0);
  CHECK(r.out.find("15 lines, 0 findings") != std::string::npos);
  r = run_tool("check " + f.catalog.string() + " nosuchapp --root " + folder.parent_path().string());
  CHECK(r.status == 2);
  CHECK(r.err.find("cannot open nosuchapp: No such file or directory (nor is it an app under") != std::string::npos);
  // Cut in its last line: the lines before are checked, the cut one is not, and the damage is an error.
  const auto whole = test_support::read_all(gz);
  const auto cut = write_file("cut/jobs.log.3.gz", whole.substr(0, whole.size() - 12));
  r = run_tool("check " + f.catalog.string() + " " + cut.string());
  CHECK(r.status == 2);
  CHECK(r.err.find(cut.string() + " is corrupt or truncated") != std::string::npos);
  CHECK(r.out.find("not valid logfmt") == std::string::npos);
}

TEST_CASE("check: the library's own lines (dropped events, too large, lost lines, fatal signal) pass", "[tool]") {
  const auto f = real_log();
  // The line as the handler writes it: a crash before configure_logging puts it on stderr.
  const auto root = test_support::fresh_root("crash-line");
  const std::string command = std::string(IAL_CRASH_CHILD) + " unconfigured " + root.string() + " 0 2>" +
                              (root / "stderr.txt").string();
  CHECK(std::system(command.c_str()) != 0);
  std::string signal_line;
  for (const auto& line : test_support::read_lines(root / "stderr.txt"))
    if (line.find(" msg=fatal_signal ") != std::string::npos) signal_line = line;
  REQUIRE_FALSE(signal_line.empty());
  std::string text;
  for (const auto& line : f.lines) text += line + "\n";
  text += "2026-11-24T07:03:28.775123Z level=WARNING logger=instrukt_ai.logging msg=log_events_dropped count=2 reason=ring_full\n";
  text += "2026-11-24T07:03:28.775123Z level=WARNING logger=instrukt_ai.logging msg=log_event_too_large "
          "event_name=job_started record_bytes=2000048 ring_bytes=1048576\n";
  text += "2026-11-24T07:03:28.775124Z level=WARNING logger=instrukt_ai.logging msg=log_write_failed lost=80\n";
  const auto log = write_file("with-signal.log", text + signal_line + "\n");
  const auto r = run_tool("check " + f.catalog.string() + " " + log.string());
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("9 lines, 0 findings") != std::string::npos);
  CHECK(r.out.find("  event fatal_signal: 1\n") != std::string::npos);
  CHECK(r.out.find("  level CRITICAL: 1\n") != std::string::npos);
}

TEST_CASE("check: each kind of finding is reported with its file and line", "[tool]") {
  const auto f = real_log();
  const std::string started = f.lines[0], finished = f.lines[1], three = f.lines[3];
  const std::vector<std::string> bad{
      started,                                                           // 1 clean
      replace(started, "user_id=\"user with spaces\"", "user_id=\"open"),  // 2 not logfmt
      started.substr(28),                                                // 3 no timestamp
      replace(started, "msg=job_started", "msg=job_exploded"),           // 4 not in the catalog
      replace(started, "level=INFO", "level=ERROR"),                     // 5 wrong level
      replace(three, " value=-0.5", ""),                                 // 6 missing key
      three + " host=a1",                                                // 7 extra key
      replace(three, "index=2", "index=2x"),                             // 8 not an integer
      replace(finished, "state=done", "state=paused"),                   // 9 unknown enum name
      replace(finished, "duration=1500ms", "duration=1500"),             // 10 malformed duration
      replace(finished, "started_at=2026-", "started_at=2026/"),         // 11 malformed time
      replace(finished, "retries=-3", "retries=300"),                    // 12 out of range for int8
      replace(finished, "cached=true", "cached=yes"),                    // 13 not a bool
      replace(three, "value=-0.5", "value=half"),                        // 14 not a number
      replace(finished, "duration=1500ms", "duration=1500us"),           // 15 wrong unit
  };
  std::string text;
  for (const auto& l : bad) text += l + "\n";
  const auto log = write_file("bad.log", text);
  const auto r = run_tool("check " + f.catalog.string() + " " + log.string());
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  const std::string at = log.string() + ":";
  for (const std::string expected : {
           at + "2: not valid logfmt at column",
           at + "3: not in the line layout",
           at + "4: event \"job_exploded\" (logger jobs.worker) is not in the catalog",
           at + "5: event \"job_started\" is declared INFO but was logged at ERROR",
           at + "6: event \"three_numbers\" lacks key \"value\"",
           at + "7: event \"three_numbers\" has no key \"host\"",
           at + "8: key \"index\" of \"three_numbers\": \"2x\" is not an integer",
           at + "9: key \"state\" of \"job_finished\": \"paused\" is not a value of the enum (queued, running, done)",
           at + "10: key \"duration\" of \"job_finished\": \"1500\" is not a duration in ms",
           at + "11: key \"started_at\" of \"job_finished\": ",
           at + "12: key \"retries\" of \"job_finished\": 300 is out of range for int8",
           at + "13: key \"cached\" of \"job_finished\": \"yes\" is not true or false",
           at + "14: key \"value\" of \"three_numbers\": \"half\" is not a number",
           at + "15: key \"duration\" of \"job_finished\": \"1500us\" is not a duration in ms",
       })
    CHECK(r.out.find(expected) != std::string::npos);
  CHECK(r.out.find(at + "1:") == std::string::npos);
  CHECK(r.out.find("15 lines, 14 findings") != std::string::npos);
}

namespace {

// An app name that is not its own logger prefix: the tool must derive the
// prefix as configure_logging does, or it checks nothing.
void check_app_named(const std::string& app, const std::string& logger) {
  ::setenv("ORDER_SVC_LOG_LEVEL", "TRACE", 1);
  const auto log_path = test_support::configure(app);
  ial::get_logger<jobs_catalog>(logger).log(JobStarted{42, "u-7"});
  ial::get_logger<jobs_catalog>(logger).log(ThreeNumbers{1, 2, -0.5});
  ial::flush();
  const auto catalog = write_file("order.catalog.json", ial::catalog_json<jobs_catalog>(app));
  auto r = run_tool("check " + catalog.string() + " " + log_path.string());
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("2 lines, 0 findings, 0 lines from other loggers") != std::string::npos);
  // A renamed key is found: the lines really were checked.
  const auto lines = test_support::read_lines(log_path);
  REQUIRE(lines.size() == 2);
  const auto renamed = write_file("renamed.log", replace(lines[0], " user_id=", " user=") + "\n");
  r = run_tool("check " + catalog.string() + " " + renamed.string());
  CHECK(r.status == 1);
  CHECK(r.out.find("event \"job_started\" has no key \"user\"") != std::string::npos);
  CHECK(r.out.find("event \"job_started\" lacks key \"user_id\"") != std::string::npos);
}

}  // namespace

TEST_CASE("check: a hyphenated app name's lines are checked (loggers order_svc.*)", "[tool]") {
  check_app_named("order-svc", "order_svc.api");
}

TEST_CASE("check: an upper-case app name's lines are checked (loggers order_svc.*)", "[tool]") {
  check_app_named("Order-Svc", "order_svc");
}

TEST_CASE("check: a source's file ({app}/{source}.log) is checked against the app's catalog", "[tool]") {
  ial::options opts;
  opts.log_root = test_support::fresh_root("source").string();
  opts.source = "worker";
  opts.startup_line = false;  // the check counts lines
  const auto log_path = ial::configure_logging("order-svc", opts);
  REQUIRE(log_path.filename() == "worker.log");
  ial::get_logger<jobs_catalog>("order_svc.worker").log(JobStarted{42, "u-7"});
  ial::flush();
  const auto catalog = write_file("order.catalog.json", ial::catalog_json<jobs_catalog>("order-svc"));
  const auto r = run_tool("check " + catalog.string() + " " + log_path.string());
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("1 lines, 0 findings, 0 lines from other loggers") != std::string::npos);
}

TEST_CASE("check: a log with no line of the app or the library fails, unless --allow-empty", "[tool]") {
  const auto f = real_log();
  const auto other = write_file("other.log", f.lines[4] + "\n");  // httpx.client only
  auto r = run_tool("check " + f.catalog.string() + " " + other.string());
  CHECK(r.status == 1);
  CHECK(r.err.find("no line was checked: none comes from app \"jobs\" (loggers \"jobs\" and \"jobs.*\")") !=
        std::string::npos);
  r = run_tool("check " + f.catalog.string() + " " + other.string() + " --allow-empty");
  CHECK(r.status == 0);
  const auto empty = write_file("empty.log", "");
  r = run_tool("check " + f.catalog.string() + " " + empty.string());
  CHECK(r.status == 1);
  CHECK(r.err.find("no line was checked") != std::string::npos);
  CHECK(run_tool("check " + f.catalog.string() + " " + empty.string() + " --allow-empty").status == 0);
}

namespace {
struct Polled {
  static constexpr ial::event_info event{"polled", ial::level::info};
  static constexpr ial::throttle_info throttle{5, std::chrono::seconds(10), "source"};
  std::string_view source;
};
struct throttled_catalog : ial::catalog<Polled, ThreeNumbers> {};
}  // namespace

TEST_CASE("check: a throttled event's count-only line passes, suppressed= on another event does not", "[tool]") {
  const auto catalog = write_file("throttled.catalog.json", ial::catalog_json<throttled_catalog>("jobs"));
  const std::string t = "2026-11-24T07:03:28.775123Z ";
  const auto log = write_file("throttled.log", t + "level=INFO logger=jobs msg=polled source=a\n" +
                                                   t + "level=INFO logger=jobs msg=polled source=a suppressed=3\n" +
                                                   t + "level=INFO logger=jobs msg=polled suppressed=95\n" +
                                                   t + "level=WARNING logger=jobs msg=three_numbers suppressed=2\n");
  const auto r = run_tool("check " + catalog.string() + " " + log.string());
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(r.out.find("4 lines, 4 findings") != std::string::npos);  // line 4: 1 extra + 3 missing keys
  CHECK(r.out.find(log.string() + ":4: event \"three_numbers\" has no key \"suppressed\"") != std::string::npos);
  for (const char* clean : {":1:", ":2:", ":3:"}) CHECK(r.out.find(log.string() + clean) == std::string::npos);
}

namespace {
struct Point {
  int x, y;
};
struct Moved {
  static constexpr ial::event_info event{"moved", ial::level::info};
  Point to;
};
}  // namespace
template <>
struct fmt::formatter<Point> : fmt::formatter<int> {
  auto format(const Point& p, format_context& ctx) const { return fmt::format_to(ctx.out(), "{},{}", p.x, p.y); }
};
namespace {
struct moved_catalog : ial::catalog<Moved> {};

// check --format json on log finds exactly one finding: on line 2, of this kind.
void check_one_finding(const std::filesystem::path& catalog, const std::filesystem::path& log, const char* kind) {
  const auto r = run_tool("check " + catalog.string() + " " + log.string() + " --format json");
  REQUIRE(r.status == 1);
  const auto doc = ial::detail::json::parse(r.out);
  REQUIRE(doc.get("findings")->items.size() == 1);
  CHECK(doc.get("findings")->items[0].get("line")->number == 2);
  CHECK(doc.get("findings")->items[0].get("kind")->text == kind);
}
}  // namespace

TEST_CASE("check: a value whose formatter threw is reported as format_error", "[tool]") {
  const auto catalog = write_file("moved.catalog.json", ial::catalog_json<moved_catalog>("jobs"));
  const std::string t = "2026-11-24T07:03:28.775123Z level=INFO logger=jobs msg=moved to=";
  const auto log = write_file("moved.log", t + "1,2\n" + t + "\"<format error: bad point>\"\n");
  check_one_finding(catalog, log, "format_error");
}

TEST_CASE("check: a line cut by a failed write is reported as cut, not read as values", "[tool]") {
  const auto f = real_log();
  const std::string cut = f.lines[3].substr(0, f.lines[3].size() - 2) + std::string(ial::logfmt::cut_line_marker);
  const auto log = write_file("cut.log", f.lines[0] + "\n" + cut + "\n");
  check_one_finding(f.catalog, log, "cut");
}

TEST_CASE("catalog JSON and Markdown mark throttled and aggregated events", "[tool]") {
  const auto json = ial::catalog_json<throttled_catalog>("jobs");
  CHECK(json.find("\"throttle\": {\"lines\": 5, \"per_ms\": 10000, \"by\": \"source\"}") != std::string::npos);
  const auto read = ial::read_catalog_json(json);
  CHECK(read.events[0].throttle_lines == 5);
  CHECK(read.events[0].throttle_per_ms == 10000);
  CHECK(read.events[0].throttle_by == "source");
  CHECK(read.events[1].throttle_lines == 0);
  const auto md = ial::to_markdown(read);
  CHECK(md.find("| `polled` | INFO<br>throttled: at most 5 lines per 10000 ms for each `source`; `suppressed` "
                "counts the rest |") != std::string::npos);
}

TEST_CASE("check --format json: findings with file, line and kind, and the counts", "[tool]") {
  const auto f = real_log();
  const auto log = write_file("bad.log", f.lines[0] + "\n" + replace(f.lines[3], "index=2", "index=-1") + "\n");
  const auto r = run_tool("check " + f.catalog.string() + " " + log.string() + " --format json");
  REQUIRE(r.status == 1);
  const auto doc = ial::detail::json::parse(r.out);
  const auto* findings = doc.get("findings");
  REQUIRE(findings != nullptr);
  REQUIRE(findings->items.size() == 1);
  CHECK(findings->items[0].get("line")->number == 2);
  CHECK(findings->items[0].get("kind")->text == "bad_value");
  CHECK(findings->items[0].get("file")->text == log.string());
  CHECK(doc.get("lines")->number == 2);
  CHECK(doc.get("events")->get("three_numbers")->number == 1);
}

TEST_CASE("check reads standard input as '-'", "[tool]") {
  const auto f = real_log();
  const auto r = run_tool("check " + f.catalog.string() + " - < " + f.log.string());
  CHECK(r.status == 0);
  CHECK(r.out.find("5 lines, 0 findings") != std::string::npos);
}

TEST_CASE("check: a missing log or a broken catalog is exit 2 with the reason", "[tool]") {
  const auto f = real_log();
  auto r = run_tool("check " + f.catalog.string() + " /nonexistent/x.log");
  CHECK(r.status == 2);
  CHECK(r.err.find("cannot open /nonexistent/x.log: No such file or directory") != std::string::npos);
  const auto broken = write_file("broken.json", "{\"schema\": 1, \"app\": \"jobs\", \"events\": [}");
  r = run_tool("check " + broken.string() + " " + f.log.string());
  CHECK(r.status == 2);
  CHECK(r.err.find(broken.string() + " is not a valid catalog: line 1, column 41: expected a JSON value") !=
        std::string::npos);
  r = run_tool("frobnicate");
  CHECK(r.status == 2);
  CHECK(r.err.find("unknown command frobnicate") != std::string::npos);
}

TEST_CASE("diff classifies each kind of change as breaking or additive", "[tool]") {
  auto before = ial::describe_catalog<jobs_catalog>("jobs");
  auto after = before;
  after.events.erase(after.events.begin() + 2);  // three_numbers removed
  auto& finished = after.events[1];
  finished.severity = ial::level::info;                          // level changed
  finished.fields.erase(finished.fields.begin() + 5);            // cached removed
  finished.fields[0].value.type = "string";                      // job_id: uint64 -> string
  finished.fields[1].value.values = {"queued", "running", "failed", "paused"};  // done removed; failed, paused added
  finished.fields[2].value.unit = "us";                          // duration unit changed
  finished.fields.push_back({"worker", {"uint32", "", {}, {}}});  // new key
  after.events.push_back({"job_cancelled", ial::level::warning, {}, 16, true});  // new event
  const auto r = run_diff(before, after);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  for (const std::string expected : {
           "breaking: three_numbers: event removed or renamed\n",
           "breaking: job_finished: level changed: DEBUG -> INFO\n",
           "breaking: job_finished: key \"cached\" removed or renamed\n",
           "breaking: job_finished: key \"job_id\" changed type: uint64 -> string\n",
           "breaking: job_finished: key \"state\" lost enum value \"done\"\n",
           "additive: job_finished: key \"state\" gained enum value \"failed\"\n",
           "additive: job_finished: key \"state\" gained enum value \"paused\"\n",
           "breaking: job_finished: key \"duration\" changed type: duration (ms) -> duration (us)\n",
           "additive: job_finished: new key \"worker\" (uint32)\n",
           "additive: job_cancelled: new event (WARNING)\n",
           "6 breaking, 4 additive\n",
       })
    CHECK(r.out.find(expected) != std::string::npos);
}

TEST_CASE("diff with only additive changes exits 0, and identical catalogs report nothing", "[tool]") {
  auto before = ial::describe_catalog<jobs_catalog>("jobs");
  auto after = before;
  after.events[0].fields.push_back({"region", {"string", "", {}, {}}});
  const auto old_path = write_file("old.json", ial::to_json(before));
  const auto new_path = write_file("new.json", ial::to_json(after));
  auto r = run_tool("diff " + old_path.string() + " " + new_path.string() + " --format json");
  CHECK(r.status == 0);
  const auto doc = ial::detail::json::parse(r.out);
  CHECK(doc.get("breaking")->number == 0);
  CHECK(doc.get("additive")->number == 1);
  CHECK(doc.get("changes")->items[0].get("change")->text == "new key \"region\" (string)");
  r = run_tool("diff " + old_path.string() + " " + old_path.string());
  CHECK(r.status == 0);
  CHECK(r.out == "0 breaking, 0 additive\n");
}

TEST_CASE("docs prints the catalog's Markdown page", "[tool]") {
  const auto path = write_file("jobs.catalog.json", ial::catalog_json<jobs_catalog>("jobs"));
  const auto r = run_tool("docs " + path.string());
  CHECK(r.status == 0);
  CHECK(r.out == ial::catalog_markdown<jobs_catalog>("jobs"));
}

namespace {
struct Processed {
  static constexpr ial::operation_info event{"processed"};
  std::uint64_t job_id;
};
struct ops_catalog : ial::catalog<Processed, JobStarted> {};
}  // namespace

TEST_CASE("check: operation lines (start, success, failure) and exc= pass, a wrong operation level does not", "[tool]") {
  ::setenv("OPS_LOG_LEVEL", "TRACE", 1);
  const auto log_path = test_support::configure("ops");
  auto log = ial::get_logger<ops_catalog>("ops");
  { auto op = log.operation(Processed{1}, ial::with_start_line); }
  {
    auto op = log.operation(Processed{2});
    op.fail("no input");
  }
  log.log(JobStarted{3, "u"}, std::runtime_error("late start"));
  ial::flush();
  const auto lines = test_support::read_lines(log_path);
  REQUIRE(lines.size() == 4);
  const auto catalog = write_file("ops.catalog.json", ial::catalog_json<ops_catalog>("ops"));
  auto r = run_tool("check " + catalog.string() + " " + log_path.string());
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("4 lines, 0 findings") != std::string::npos);

  const auto bad = write_file("ops-bad.log", replace(lines[1], "level=DEBUG", "level=INFO") + "\n" +
                                                 replace(lines[2], "outcome=failed", "outcome=maybe") + "\n");
  r = run_tool("check " + catalog.string() + " " + bad.string());
  CHECK(r.status == 1);
  CHECK(r.out.find(bad.string() + ":1: operation \"processed\" was logged at INFO") != std::string::npos);
  CHECK(r.out.find(bad.string() + ":2: key \"outcome\" of \"processed\": \"maybe\" is not \"failed\"") !=
        std::string::npos);
}

namespace {
struct BeatSent {
  static constexpr ial::event_info event{"beat_sent", ial::level::info};
  static constexpr ial::aggregate_info aggregate{std::chrono::hours(1)};
  std::uint8_t bytes;
  std::chrono::milliseconds took;
};
struct beat_catalog : ial::catalog<BeatSent> {};
}  // namespace

TEST_CASE("check: aggregate lines (count, interval_s, sums wider than the field) pass", "[tool]") {
  const auto log_path = test_support::configure("beat");
  auto log = ial::get_logger<beat_catalog>("beat");
  for (int i = 0; i < 300; ++i) log.log(BeatSent{200, std::chrono::milliseconds(2)});
  ial::shutdown();
  const auto lines = test_support::read_lines(log_path);
  REQUIRE(lines.size() == 1);
  CHECK(test_support::fields(lines[0])["bytes"] == "60000");  // more than a uint8 holds: a sum
  const auto catalog = write_file("beat.catalog.json", ial::catalog_json<beat_catalog>("beat"));
  CHECK(test_support::read_all(catalog).find("\"aggregate_every_ms\": 3600000") != std::string::npos);
  CHECK(ial::catalog_markdown<beat_catalog>("beat").find(
            "| `beat_sent` | INFO<br>aggregated: one line per 3600000 ms per logger") != std::string::npos);
  const auto r = run_tool("check " + catalog.string() + " " + log_path.string());
  INFO(r.out << r.err);
  CHECK(r.status == 0);
}

namespace {
struct Request {
  static constexpr ial::context_info context{"request"};
  ial::id<std::string_view> request_id;
  std::string_view tenant;
};
struct Attempt {
  static constexpr ial::context_info context{"attempt"};
  std::uint32_t attempt;
};
struct jobs_with_contexts : ial::catalog<JobStarted, Request, ThreeNumbers, Attempt> {};
}  // namespace

TEST_CASE("contexts in a catalog: JSON lists them and reads them back, Markdown has a section", "[tool][context]") {
  const auto c = ial::describe_catalog<jobs_with_contexts>("jobs");
  REQUIRE(c.events.size() == 2);
  REQUIRE(c.contexts.size() == 2);
  CHECK(c.contexts[0].name == "request");
  CHECK(c.contexts[0].fields[0].key == "request_id");
  CHECK(c.contexts[0].fields[0].value.type == "id");
  CHECK(c.contexts[1].fields[0].value.type == "uint32");
  const auto json = ial::to_json(c);
  CHECK(json.find("\"contexts\": [\n    {\"name\": \"request\", \"fields\": [{\"key\": \"request_id\"") !=
        std::string::npos);
  const auto back = ial::read_catalog_json(json);
  CHECK(back.contexts == c.contexts);
  CHECK(back.events == c.events);
  // A catalog without contexts writes no "contexts" member (files of earlier versions read the same).
  CHECK(ial::catalog_json<jobs_catalog>("jobs").find("contexts") == std::string::npos);
  const auto md = ial::to_markdown(c);
  CHECK(md.find("## Contexts") != std::string::npos);
  CHECK(md.find("| `request` | `request_id` id string<br>`tenant` string |") != std::string::npos);
}

TEST_CASE("check: a declared context's keys end any line, undeclared or misplaced ones are reported", "[tool][context]") {
  ::setenv("JOBS_LOG_LEVEL", "TRACE", 1);
  const auto log_path = test_support::configure("jobs");
  auto log = ial::get_logger<jobs_with_contexts>("jobs.worker");
  {
    ial::scoped_context request{Request{{"r-1"}, "acme"}};
    log.log(JobStarted{1, "u"});
    ial::scoped_context attempt{Attempt{2}};
    log.log(ThreeNumbers{1, 2, 3});
  }
  log.log(JobStarted{2, "u"});
  ial::flush();
  const auto catalog = write_file("ctx.catalog.json", ial::catalog_json<jobs_with_contexts>("jobs"));
  auto lines = test_support::read_lines(log_path);
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].ends_with("request_id=r-1 tenant=acme attempt=2"));
  auto r = run_tool("check " + catalog.string() + " " + log_path.string());
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  // The same log against the catalog without its contexts: the trailing keys are extra.
  const auto plain = write_file("plain.catalog.json", ial::catalog_json<jobs_catalog>("jobs"));
  r = run_tool("check " + plain.string() + " " + log_path.string());
  CHECK(r.status == 1);
  CHECK(r.out.find(":1: event \"job_started\" has no key \"request_id\"\n") != std::string::npos);
  // A key no context declares, a context key of the wrong type, an event key after a context's.
  const std::string t = "2026-11-24T07:03:28.775123Z level=INFO logger=jobs.worker msg=job_started ";
  const auto bad = write_file("ctx-bad.log", t + "job_id=1 user_id=u request_id=r-1 region=eu\n" +
                                                 t + "job_id=1 user_id=u attempt=x\n" +
                                                 t + "job_id=1 request_id=r-1 user_id=u\n");
  r = run_tool("check " + catalog.string() + " " + bad.string());
  CHECK(r.status == 1);
  CHECK(r.out.find(":1: event \"job_started\" has no key \"region\", and no context of the catalog has it\n") !=
        std::string::npos);
  CHECK(r.out.find(":2: key \"attempt\" of \"job_started\": ") != std::string::npos);
  CHECK(r.out.find(":3: key \"user_id\" of \"job_started\" comes after the keys of context \"request\", which end "
                   "a line\n") != std::string::npos);
}

TEST_CASE("diff: a context removed or a context key removed is breaking, a new context or key additive",
          "[tool][context]") {
  auto before = ial::describe_catalog<jobs_with_contexts>("jobs");
  auto after = before;
  after.contexts.erase(after.contexts.begin() + 1);                                  // attempt removed
  after.contexts[0].fields.erase(after.contexts[0].fields.begin() + 1);              // tenant removed
  after.contexts[0].fields.push_back({"region", {"string", "", {}, {}}});            // new key
  after.contexts.push_back({"trace", {{"trace_id", {"string", "", {}, {}}}}});       // new context
  const auto r = run_diff(before, after);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  for (const std::string expected : {
           "breaking: context attempt: context removed or renamed\n",
           "breaking: context request: key \"tenant\" removed or renamed\n",
           "additive: context request: new key \"region\" (string)\n",
           "additive: context trace: new context\n",
           "2 breaking, 2 additive\n",
       })
    CHECK(r.out.find(expected) != std::string::npos);
}

// Field names are read from the compiler's spelled text (field_names.hpp); only
// the names, copied out, may reach the program: the whole text is ~280 bytes
// per field. This binary logs events and describes events and contexts. A
// build without optimisation (the sanitizer builds) keeps unfolded uses of
// the text, so the test is for release builds.
#if defined(NDEBUG)
TEST_CASE("event and context types leave none of the compiler's spelled text in the program", "[catalog]") {
  const std::string self = test_support::read_all("/proc/self/exe");
  REQUIRE(self.size() > 100000);
  // Built at run time, so that this test's own text does not hold them.
  const std::string spelled = std::string("spelled_member") + "_address()", object = std::string("local_classes") + "<";
  CHECK(self.find(spelled) == std::string::npos);
  CHECK(self.find(object) == std::string::npos);
}
#endif
