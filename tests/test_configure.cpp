// configure_logging(): where the file goes, and how it fails.
#include "config/env_spelling.hpp"
#include "support/log_file.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

namespace ial = instrukt_ai::logging;

namespace {
struct Hello {
  static constexpr ial::event_info event{"hello", ial::level::info};
  int n;
};
}  // namespace

TEST_CASE("the file is {root}/{app}/{app}.log with normalised names", "[configure]") {
  const auto root = test_support::fresh_root("layout");
  ial::options opts;
  opts.log_root = root.string();
  const auto path = ial::configure_logging("My_App", opts);
  CHECK(path == root / "my-app" / "my-app.log");
  CHECK(std::filesystem::exists(path));
}

TEST_CASE("INSTRUKT_AI_LOG_ROOT sets the root", "[configure]") {
  const auto root = test_support::fresh_root("env-root");
  ::setenv("INSTRUKT_AI_LOG_ROOT", root.c_str(), 1);
  const auto path = ial::configure_logging("rooted");
  CHECK(path == root / "rooted" / "rooted.log");
  ial::get_logger("rooted").log(Hello{1});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 2);  // configure_logging's own line, then the event
  CHECK(test_support::fields(lines[0])["msg"] == "logging_configured");
  CHECK(test_support::fields(lines[0])["root"] == root.string());
}

TEST_CASE("an unopenable path fails with the path and the reason", "[configure]") {
  const auto root = test_support::fresh_root("blocked");
  // A regular file where the app's folder should be: no folder, no log file.
  { std::ofstream(root / "blocked") << "not a folder"; }
  ial::options opts;
  opts.log_root = root.string();
  try {
    ial::configure_logging("blocked", opts);
    FAIL("configure_logging did not fail");
  } catch (const ial::configuration_error& e) {
    const std::string what = e.what();
    CHECK(what.find((root / "blocked").string()) != std::string::npos);
    CHECK((what.find("exists") != std::string::npos || what.find("directory") != std::string::npos));
  }
}

TEST_CASE("a log file that cannot be written fails with the path and strerror", "[configure]") {
  const auto root = test_support::fresh_root("readonly");
  std::filesystem::create_directories(root / "readonly" / "readonly.log");  // a folder in the file's place
  ial::options opts;
  opts.log_root = root.string();
  try {
    ial::configure_logging("readonly", opts);
    FAIL("configure_logging did not fail");
  } catch (const ial::configuration_error& e) {
    const std::string what = e.what();
    CHECK(what.find((root / "readonly" / "readonly.log").string()) != std::string::npos);
    CHECK(what.find("Is a directory") != std::string::npos);
  }
}

TEST_CASE("a second configure_logging call is an error that says so", "[configure]") {
  test_support::configure("first");
  ial::options opts;
  opts.log_root = test_support::fresh_root("second").string();
  try {
    ial::configure_logging("second", opts);
    FAIL("the second call did not fail");
  } catch (const ial::configuration_error& e) {
    const std::string what = e.what();
    CHECK(what.find("already configured") != std::string::npos);
    CHECK(what.find("first") != std::string::npos);
  }
}

TEST_CASE("an app name with no letter or digit is rejected", "[configure]") {
  ial::options opts;
  opts.log_root = test_support::fresh_root("noname").string();
  CHECK_THROWS_AS(ial::configure_logging("--", opts), ial::configuration_error);
}

TEST_CASE("bad options are rejected with the option's name", "[configure]") {
  ial::options opts;
  opts.log_root = test_support::fresh_root("badopts").string();
  opts.max_value_bytes = 1;
  CHECK_THROWS_WITH(ial::configure_logging("badopts", opts), Catch::Contains("max_value_bytes"));
}

TEST_CASE("the log file is appended to, not truncated", "[configure]") {
  const auto root = test_support::fresh_root("append");
  std::filesystem::create_directories(root / "append");
  { std::ofstream(root / "append" / "append.log") << "earlier line\n"; }
  ial::options opts;
  opts.log_root = root.string();
  const auto path = ial::configure_logging("append", opts);
  ial::get_logger("append").log(Hello{2});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "earlier line");
  CHECK(test_support::fields(lines[1])["msg"] == "logging_configured");
}

TEST_CASE("at most 65,536 logger names in all, the library's own among them, and one more throws", "[configure]") {
  test_support::configure("names");  // makes the library's own logger, instrukt_ai.logging
  std::size_t made = 0;
  try {
    for (; made < 70000; ++made) (void)ial::get_logger("names.n" + std::to_string(made));
  } catch (const std::length_error& e) {
    CHECK(std::string(e.what()).find("more than 65,536 logger names") != std::string::npos);
  }
  CHECK(made == 65535);
  CHECK(ial::get_logger("names.n0").name() == "names.n0");  // existing names still work
}

TEST_CASE("source: {root}/{app}/{source}.log, with the app's levels and loggers", "[configure]") {
  const auto root = test_support::fresh_root("source");
  ::setenv("MY_APP_LOG_LEVEL", "DEBUG", 1);
  ial::options opts;
  opts.log_root = root.string();
  opts.source = "Cron Job";
  const auto path = ial::configure_logging("my-app", opts);
  ::unsetenv("MY_APP_LOG_LEVEL");
  CHECK(path == root / "my-app" / "cron-job.log");
  CHECK(ial::get_logger("my_app.cron").threshold() == ial::level::debug);  // MY_APP_LOG_LEVEL: the app's variable
  CHECK(ial::get_logger("cron").threshold() == ial::level::warning);       // the source names no logger
  ial::get_logger("my_app.cron").log(Hello{7});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 2);
  auto first = test_support::fields(lines[0]);  // its levels: the app's, from the app's variables
  CHECK(first["msg"] == "logging_configured");
  CHECK(first["source"] == "cron-job");
  CHECK(first["log_level"] == "DEBUG");
  CHECK(first["log_level_from"] == "env");
  CHECK(first["third_party_log_level_from"] == "default");
  CHECK(test_support::fields(lines[1])["logger"] == "my_app.cron");
  CHECK_FALSE(std::filesystem::exists(root / "my-app" / "my-app.log"));
}

TEST_CASE("a source with no letter or digit is rejected, naming it", "[configure]") {
  ial::options opts;
  opts.log_root = test_support::fresh_root("bad-source").string();
  opts.source = "--";
  CHECK_THROWS_WITH(ial::configure_logging("my-app", opts),
                    Catch::Contains("options.source \"--\" has no letter or digit"));
}

TEST_CASE("a setting spelled with the app's prefix another way draws one warning naming the right variable",
          "[configure]") {
  using instrukt_ai::logging::detail::misspelled_settings;
  const char* env[] = {"PAYGW_LOG_LEVEL=DEBUG",         // no '_'
                       "pay_gw_MUTED_LOGGERS=a",         // another case
                       "PAY_GX_FLIGHT_RECORDER=DEBUG",   // one edit away
                       "PAYGW_THIRD_PARTY_LOG_LEVEL=INFO",
                       "PAY_GW_LOG_LEVEL=INFO",          // right: no warning
                       "PAY_GW_THIRD_PARTY_LOG_LEVEL=INFO",
                       "OTHER_APP_LOG_LEVEL=DEBUG",      // another app's
                       "PATH=/bin",
                       nullptr};
  const auto w = misspelled_settings("PAY_GW", env);
  REQUIRE(w.size() == 4);
  CHECK_THAT(w[0], Catch::Contains("PAYGW_LOG_LEVEL is set") && Catch::Contains("did you mean PAY_GW_LOG_LEVEL?"));
  CHECK_THAT(w[1], Catch::Contains("did you mean PAY_GW_MUTED_LOGGERS?"));
  CHECK_THAT(w[2], Catch::Contains("did you mean PAY_GW_FLIGHT_RECORDER?"));
  CHECK_THAT(w[3], Catch::Contains("did you mean PAY_GW_THIRD_PARTY_LOG_LEVEL?"));

  // configure_logging says it on stderr (before: nothing, and DEBUG silently off).
  ::setenv("PAYGW_LOG_LEVEL", "DEBUG", 1);
  const auto err = test_support::fresh_root("misspelled") / "stderr.txt";
  const int saved = ::dup(2);
  const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ::dup2(fd, 2);
  test_support::configure("pay-gw");
  ::dup2(saved, 2);
  ::close(fd);
  ::close(saved);
  ::unsetenv("PAYGW_LOG_LEVEL");
  const auto text = test_support::read_all(err);
  CHECK_THAT(text, Catch::Contains("PAYGW_LOG_LEVEL is set, but this app's settings start with PAY_GW: it is "
                                   "ignored; did you mean PAY_GW_LOG_LEVEL?"));
  CHECK(std::count(text.begin(), text.end(), '\n') == 1);
}
