// The lnav format file (share/lnav/instrukt_ai_log.json): installed with
// `lnav -i`, lnav names the library's file as this format and counts its
// lines by level and by logger. Runs when lnav is installed (scripts/test.sh
// installs it).
#include "support/command.hpp"
#include "support/log_file.hpp"
#include "support/numbered.hpp"

#include <catch2/catch.hpp>

#include <fstream>

#include <cstdlib>
#include <string>

namespace ial = instrukt_ai::logging;
using test_support::run_command;

// reading.md's expression: a duration value v (250ms, 1.5s, 12us) in milliseconds.
#define IAL_DURATION_MS_SQL                                                                          \
  "(CASE WHEN v LIKE '%ns' THEN CAST(substr(v, 1, length(v) - 2) AS REAL) / 1e6 "                    \
  "WHEN v LIKE '%us' THEN CAST(substr(v, 1, length(v) - 2) AS REAL) / 1e3 "                          \
  "WHEN v LIKE '%ms' THEN CAST(substr(v, 1, length(v) - 2) AS REAL) "                                \
  "WHEN v LIKE '%min' THEN CAST(substr(v, 1, length(v) - 3) AS REAL) * 6e4 "                        \
  "WHEN v LIKE '%s' THEN CAST(substr(v, 1, length(v) - 1) AS REAL) * 1e3 "                           \
  "WHEN v LIKE '%h' THEN CAST(substr(v, 1, length(v) - 1) AS REAL) * 3.6e6 "                         \
  "WHEN v LIKE '%d' THEN CAST(substr(v, 1, length(v) - 1) AS REAL) * 8.64e7 END)"

TEST_CASE("lnav: recognises the library's file with the shipped format, and counts by level and logger", "[lnav]") {
  ::setenv("LNAV_APP_LOG_LEVEL", "DEBUG", 1);
  const auto log = test_support::configure("lnav-app");
  auto worker = ial::get_logger("lnav_app.worker");
  for (std::uint64_t i = 0; i < 3; ++i) worker.log(test_support::Numbered{0, i, "a \"quoted\" note"});
  worker.log_message(ial::level::warning, "slow job", {{"job_id", "42"}});
  ial::log_message("lnav_app.http", ial::level::error, "request failed", {{"status", "503"}});
  ial::log_message("lnav_app.http", ial::level::debug, "retrying");
  ial::log_message("lnav_app.http", ial::level::info, "call", {{"latency", "0.22ms"}});
  ial::log_message("lnav_app.http", ial::level::info, "call", {{"latency", "1.5s"}});
  ial::log_message("lnav_app.http", ial::level::info, "call", {{"latency", "300us"}});
  ial::flush();

  // lnav's configuration lives under $HOME: a fresh one, so only the shipped format is installed.
  const auto home = test_support::fresh_root("lnav-home");
  const std::string env = "HOME=" + home.string() + " ";
  const std::string lnav = env + IAL_LNAV;
  const auto before = run_command(lnav + " -n -c ';SELECT format FROM lnav_file' " + log.string());
  CHECK(before.out.find("instrukt_ai_log") == std::string::npos);  // without it: not this format

  const auto installed = run_command(lnav + " -i " + std::string(IAL_LNAV_FORMAT));
  INFO(installed.out << installed.err);
  REQUIRE(installed.status == 0);
  auto r = run_command(lnav + " -n -c ';SELECT format, lines FROM lnav_file' " + log.string());
  INFO(r.out << r.err);
  CHECK(r.out.find("instrukt_ai_log") != std::string::npos);
  CHECK(r.out.find("generic_log") == std::string::npos);
  r = run_command(lnav + " -n -c ';SELECT log_level || \"=\" || count(*) FROM instrukt_ai_log GROUP BY log_level "
                         "ORDER BY log_level' " + log.string());
  INFO(r.out << r.err);
  CHECK(r.out.find("debug=1") != std::string::npos);
  CHECK(r.out.find("info=6") != std::string::npos);
  CHECK(r.out.find("warning=1") != std::string::npos);
  CHECK(r.out.find("error=1") != std::string::npos);
  r = run_command(lnav + " -n -c ';SELECT logger || \"=\" || count(*) FROM instrukt_ai_log GROUP BY logger' " +
                  log.string());
  INFO(r.out << r.err);
  CHECK(r.out.find("lnav_app.worker=4") != std::string::npos);
  CHECK(r.out.find("lnav_app.http=5") != std::string::npos);
  // msg is its own column; the body's fields are queryable through logfmt2json.
  r = run_command(lnav + " -n -c ';SELECT msg || \"/\" || jget(logfmt2json(log_body), \"/seq\") FROM instrukt_ai_log "
                         "WHERE msg = \"numbered\"' " + log.string());
  INFO(r.out << r.err);
  CHECK(r.out.find("numbered/2") != std::string::npos);
  // A quoted msg is its text, without the quotes (before: only msg='"slow job"' found it).
  r = run_command(lnav + " -n -c ';SELECT \"found=\" || count(*) FROM instrukt_ai_log WHERE msg = \"slow job\"' " +
                  log.string());
  INFO(r.out << r.err);
  CHECK(r.out.find("found=1") != std::string::npos);
  // reading.md's recipe: durations compared in milliseconds.
  const auto script = home / "latency.lnav";
  std::ofstream(script) << ";SELECT 'slow=' || count(*) FROM (SELECT jget(logfmt2json(log_body), '/latency') AS v "
                           "FROM instrukt_ai_log) WHERE " IAL_DURATION_MS_SQL " > 1";
  r = run_command(lnav + " -n -c \"$(cat " + script.string() + ")\" " + log.string());
  INFO(r.out << r.err);
  CHECK(r.out.find("slow=1") != std::string::npos);  // 1.5s; not 0.22ms, not 300us
}
