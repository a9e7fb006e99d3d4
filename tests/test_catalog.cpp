// Catalogs in the library: export to JSON and Markdown, reading JSON back with
// clear errors, and loggers bound to a catalog.
#include "catalog_events.hpp"
#include "support/log_file.hpp"

#include <instrukt_ai/logging/catalog_export.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace ial = instrukt_ai::logging;
using namespace catalog_test;

namespace {

std::string error_of(std::string_view json) {
  try {
    ial::read_catalog_json(json);
  } catch (const ial::catalog_format_error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("a catalog knows its events and checks them", "[catalog]") {
  STATIC_REQUIRE(jobs_catalog::size == 3);
  STATIC_REQUIRE(jobs_catalog::contains<JobStarted>);
  STATIC_REQUIRE_FALSE(jobs_catalog::contains<Heartbeat>);
  STATIC_REQUIRE(jobs_catalog::checked);
}

TEST_CASE("catalog JSON lists every event with its level, keys, types and record size", "[catalog]") {
  const std::string json = ial::catalog_json<jobs_catalog>("jobs");
  CHECK(json ==
        "{\n"
        "  \"schema\": 1,\n"
        "  \"app\": \"jobs\",\n"
        "  \"events\": [\n"
        "    {\"name\": \"job_started\", \"level\": \"INFO\", \"record_bytes\": 32, \"fixed_size\": false, \"fields\": "
        "[{\"key\": \"job_id\", \"type\": \"uint64\"}, {\"key\": \"user_id\", \"type\": \"string\"}]},\n"
        "    {\"name\": \"job_finished\", \"level\": \"DEBUG\", \"record_bytes\": 64, \"fixed_size\": true, \"fields\": "
        "[{\"key\": \"job_id\", \"type\": \"uint64\"}, "
        "{\"key\": \"state\", \"type\": \"enum\", \"values\": [\"queued\", \"running\", \"done\"]}, "
        "{\"key\": \"duration\", \"type\": \"duration\", \"unit\": \"ms\"}, "
        "{\"key\": \"queue_wait\", \"type\": \"optional\", \"of\": {\"type\": \"duration\", \"unit\": \"us\"}}, "
        "{\"key\": \"ratio\", \"type\": \"double\"}, {\"key\": \"cached\", \"type\": \"bool\"}, "
        "{\"key\": \"retries\", \"type\": \"int8\"}, {\"key\": \"started_at\", \"type\": \"time\"}]},\n"
        "    {\"name\": \"three_numbers\", \"level\": \"WARNING\", \"record_bytes\": 40, \"fixed_size\": true, "
        "\"fields\": [{\"key\": \"iteration\", \"type\": \"uint64\"}, {\"key\": \"index\", \"type\": \"uint64\"}, "
        "{\"key\": \"value\", \"type\": \"double\"}]}\n"
        "  ]\n"
        "}\n");
}

TEST_CASE("record_bytes is the ring size of the event's record", "[catalog]") {
  const auto c = ial::describe_catalog<jobs_catalog>("jobs");
  CHECK(c.find("three_numbers")->record_bytes == ial::detail::record_size(ThreeNumbers{1, 2, 3.0}, 4000));
  CHECK(c.find("job_finished")->record_bytes == ial::detail::record_size(JobFinished{}, 4000));
  // Strings count as empty: the least the record takes.
  CHECK(c.find("job_started")->record_bytes == ial::detail::record_size(JobStarted{1, ""}, 4000));
  CHECK(c.find("job_started")->record_bytes < ial::detail::record_size(JobStarted{1, "a longer user id"}, 4000));
}

TEST_CASE("catalog JSON reads back to the same catalog", "[catalog]") {
  const auto c = ial::describe_catalog<jobs_catalog>("jobs");
  const auto back = ial::read_catalog_json(ial::to_json(c));
  CHECK(back.app == "jobs");
  CHECK(back.events == c.events);
  CHECK(ial::to_json(back) == ial::to_json(c));
}

TEST_CASE("catalog Markdown lists events by name with their levels and typed keys", "[catalog]") {
  const std::string md = ial::catalog_markdown<jobs_catalog>("jobs");
  CHECK(md.find("# Event catalog: jobs") == 0);
  const auto finished = md.find("| `job_finished` | DEBUG |"), started = md.find("| `job_started` | INFO |"),
             three = md.find("| `three_numbers` | WARNING |");
  REQUIRE(finished != std::string::npos);
  REQUIRE(started != std::string::npos);
  REQUIRE(three != std::string::npos);
  CHECK(finished < started);
  CHECK(started < three);
  CHECK(md.find("`state` enum (queued, running, done)") != std::string::npos);
  CHECK(md.find("`queue_wait` optional duration (us)") != std::string::npos);
}

TEST_CASE("a malformed catalog file is an error that says where and what", "[catalog]") {
  CHECK(error_of("{\"schema\": 1,\n \"app\": \"x\" \"events\": []}") ==
        "line 2, column 13: expected '}' to close the object");
  CHECK(error_of("[]") == "line 1, column 1: a catalog is a JSON object");
  CHECK(error_of(R"({"schema": 2, "app": "x", "events": []})") ==
        "line 1, column 12: schema 2 is not supported (this build reads schema 1)");
  CHECK(error_of(R"({"schema": 1, "events": []})") == "line 1, column 1: the catalog has no \"app\"");
  CHECK(error_of(R"({"schema": 1, "app": 7, "events": []})") ==
        "line 1, column 22: \"app\" of the catalog must be a string, not a number");
  CHECK(error_of(R"({"schema": 1, "app": "x", "events": [{"name": "a", "level": "LOUD", "fields": []}]})") ==
        "line 1, column 61: event \"a\" has level \"LOUD\"; expected TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL");
  CHECK(error_of(R"({"schema": 1, "app": "x", "events": [{"name": "a", "level": "INFO", "fields": [{"key": "k", "type": "uuid"}]}]})") ==
        "line 1, column 101: field \"k\" of event \"a\" has unknown type \"uuid\"");
  CHECK(error_of(R"({"schema": 1, "app": "x", "events": [{"name": "a", "level": "INFO", "fields": [{"key": "k", "type": "enum"}]}]})") ==
        "line 1, column 80: field \"k\" of event \"a\" has no \"values\"");
  CHECK(error_of(R"({"schema": 1, "app": "x", "events": [{"name": "a", "level": "INFO", "fields": []}, {"name": "a", "level": "INFO", "fields": []}]})") ==
        "line 1, column 84: event \"a\" is listed twice");
}

TEST_CASE("a catalog file that is not JSON: the error says where the reading stopped and what was wanted", "[catalog]") {
  CHECK(error_of(R"({"a": 1,})") == "line 1, column 9: expected a quoted member name");
  CHECK(error_of(R"({"a" 1})") == "line 1, column 6: expected ':' after a member name");
  CHECK(error_of("[1 2]") == "line 1, column 4: expected ']' to close the array");
  CHECK(error_of(R"({"a": [1, 2)") == "line 1, column 12: expected ']' to close the array");
  CHECK(error_of("{} x") == "line 1, column 4: unexpected text after the JSON value");
  CHECK(error_of(R"({"a": tru})") == "line 1, column 7: expected a JSON value");
  CHECK(error_of(R"({"a": )") == "line 1, column 7: unexpected end of the file");
  CHECK(error_of("").starts_with("line 1, column 1: unexpected end of the file"));
  CHECK(error_of(std::string(100, '[')) == "line 1, column 66: nested too deeply");
  CHECK(error_of(R"({"schema": 1e0, "app": 7, "events": []})") ==
        "line 1, column 24: \"app\" of the catalog must be a string, not a number");  // after a number
}

TEST_CASE("a logger bound to a catalog logs its events like any logger", "[catalog]") {
  const auto path = test_support::configure("jobs");
  auto log = ial::get_logger<jobs_catalog>("jobs.worker");
  CHECK(log.name() == "jobs.worker");
  log.log(JobStarted{42, "u-7"});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(test_support::body(lines[0]) == "level=INFO logger=jobs.worker msg=job_started job_id=42 user_id=u-7");
}
