// The lnav format file (share/lnav/instrukt_ai_log.json): installed with
// `lnav -i`, lnav names the library's file as this format and counts its
// lines by level and by logger. Runs when lnav is installed (scripts/test.sh
// installs it).
#include "support/command.hpp"
#include "support/log_file.hpp"
#include "support/numbered.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

namespace ial = instrukt_ai::logging;
using test_support::run_command;

TEST_CASE("lnav: recognises the library's file with the shipped format, and counts by level and logger", "[lnav]") {
  ::setenv("LNAV_APP_LOG_LEVEL", "DEBUG", 1);
  const auto log = test_support::configure("lnav-app");
  auto worker = ial::get_logger("lnav_app.worker");
  for (std::uint64_t i = 0; i < 3; ++i) worker.log(test_support::Numbered{0, i, "a \"quoted\" note"});
  worker.log_message(ial::level::warning, "slow job", {{"job_id", "42"}});
  ial::log_message("lnav_app.http", ial::level::error, "request failed", {{"status", "503"}});
  ial::log_message("lnav_app.http", ial::level::debug, "retrying");
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
  CHECK(r.out.find("info=3") != std::string::npos);
  CHECK(r.out.find("warning=1") != std::string::npos);
  CHECK(r.out.find("error=1") != std::string::npos);
  r = run_command(lnav + " -n -c ';SELECT logger || \"=\" || count(*) FROM instrukt_ai_log GROUP BY logger' " +
                  log.string());
  INFO(r.out << r.err);
  CHECK(r.out.find("lnav_app.worker=4") != std::string::npos);
  CHECK(r.out.find("lnav_app.http=2") != std::string::npos);
  // msg is its own column; the body's fields are queryable through logfmt2json.
  r = run_command(lnav + " -n -c ';SELECT msg || \"/\" || jget(logfmt2json(log_body), \"/seq\") FROM instrukt_ai_log "
                         "WHERE msg = \"numbered\"' " + log.string());
  INFO(r.out << r.err);
  CHECK(r.out.find("numbered/2") != std::string::npos);
}
