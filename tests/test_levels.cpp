// Name normalisation and the level matrix: ours / third-party / spotlight / muted.
#include "levels/level_policy.hpp"
#include "config/names.hpp"
#include "support/log_file.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <map>
#include <unistd.h>

namespace ial = instrukt_ai::logging;
using ial::level;
using namespace ial::detail;

namespace {

struct fake_env {
  std::map<std::string, std::string> vars;
  std::vector<std::string> warnings;

  level_policy policy(std::string_view app = "my-app") {
    return level_policy::from_env(
        ial::names_for(app).logger_prefix, ial::names_for(app).env_prefix,
        [this](const char* name) -> const char* {
          auto it = vars.find(name);
          return it == vars.end() ? nullptr : it->second.c_str();
        },
        [this](std::string_view w) { warnings.emplace_back(w); });
  }
};

}  // namespace

TEST_CASE("app names normalise as the Python logger does", "[levels]") {
  CHECK(ial::names_for("my-app").env_prefix == "MY_APP");
  CHECK(ial::names_for("myapp").env_prefix == "MYAPP");
  CHECK(ial::names_for("My App--v2").env_prefix == "MY_APP_V2");
  CHECK(ial::names_for("-edge-").env_prefix == "EDGE");
  CHECK(ial::names_for("my-app").logger_prefix == "my_app");
  CHECK(ial::names_for("My.App").logger_prefix == "my_app");
  CHECK(ial::names_for("my-app").file_stem == "my-app");
  CHECK(ial::names_for("My_App").file_stem == "my-app");
  CHECK(ial::names_for("a__b..c").file_stem == "a-b-c");
}

TEST_CASE("prefixes match on dots", "[levels]") {
  CHECK(matches_dotted_prefix("httpcore", "httpcore"));
  CHECK(matches_dotted_prefix("httpcore.http11", "httpcore"));
  CHECK_FALSE(matches_dotted_prefix("httpcorex", "httpcore"));
  CHECK_FALSE(matches_dotted_prefix("http", "httpcore"));
  CHECK_FALSE(matches_dotted_prefix("anything", ""));
}

TEST_CASE("level names are case-insensitive, WARN and FATAL accepted", "[levels]") {
  CHECK(ial::parse_level("debug") == level::debug);
  CHECK(ial::parse_level("Warning") == level::warning);
  CHECK(ial::parse_level("WARN") == level::warning);
  CHECK(ial::parse_level(" trace ") == level::trace);
  CHECK(ial::parse_level("fatal") == level::critical);
  CHECK_FALSE(ial::parse_level("verbose"));
  CHECK_FALSE(ial::parse_level(""));
}

TEST_CASE("defaults: ours INFO, third-party WARNING", "[levels]") {
  fake_env env;
  auto p = env.policy();
  CHECK(p.threshold_for("my_app") == level::info);
  CHECK(p.threshold_for("my_app.worker") == level::info);
  CHECK(p.threshold_for("my_appx") == level::warning);  // not ours: no dot after the prefix
  CHECK(p.threshold_for("httpx") == level::warning);
  CHECK(env.warnings.empty());
}

TEST_CASE("LOG_LEVEL and THIRD_PARTY_LOG_LEVEL set their sides", "[levels]") {
  fake_env env;
  env.vars["MY_APP_LOG_LEVEL"] = "debug";
  env.vars["MY_APP_THIRD_PARTY_LOG_LEVEL"] = "ERROR";
  auto p = env.policy();
  CHECK(p.threshold_for("my_app.worker") == level::debug);
  CHECK(p.threshold_for("httpx") == level::error);
}

TEST_CASE("spotlight: only listed third-party prefixes get the third-party level", "[levels]") {
  fake_env env;
  env.vars["MY_APP_THIRD_PARTY_LOG_LEVEL"] = "DEBUG";
  env.vars["MY_APP_THIRD_PARTY_LOGGERS"] = "httpcore, httpx,telegram";
  auto p = env.policy();
  CHECK(p.threshold_for("httpcore") == level::debug);
  CHECK(p.threshold_for("httpcore.http11") == level::debug);
  CHECK(p.threshold_for("httpx") == level::debug);
  CHECK(p.threshold_for("telegram.bot") == level::debug);
  CHECK(p.threshold_for("httpcorex") == level::warning);  // held at WARNING+
  CHECK(p.threshold_for("sqlalchemy") == level::warning);
  CHECK(p.threshold_for("my_app.worker") == level::info);  // ours are not affected
}

TEST_CASE("without a spotlight every third-party logger uses the third-party level", "[levels]") {
  fake_env env;
  env.vars["MY_APP_THIRD_PARTY_LOG_LEVEL"] = "INFO";
  auto p = env.policy();
  CHECK(p.threshold_for("sqlalchemy") == level::info);
  CHECK(p.threshold_for("httpx.client") == level::info);
}

TEST_CASE("spotlight never lowers the others below WARNING, nor raises them past a stricter level", "[levels]") {
  fake_env env;
  env.vars["MY_APP_THIRD_PARTY_LOG_LEVEL"] = "ERROR";
  env.vars["MY_APP_THIRD_PARTY_LOGGERS"] = "httpx";
  auto p = env.policy();
  CHECK(p.threshold_for("httpx") == level::error);
  CHECK(p.threshold_for("other") == level::error);
}

TEST_CASE("muted prefixes are held at WARNING+, ours and spotlighted included", "[levels]") {
  fake_env env;
  env.vars["MY_APP_LOG_LEVEL"] = "TRACE";
  env.vars["MY_APP_THIRD_PARTY_LOG_LEVEL"] = "DEBUG";
  env.vars["MY_APP_THIRD_PARTY_LOGGERS"] = "httpx";
  env.vars["MY_APP_MUTED_LOGGERS"] = "my_app.chatty,httpx.pool";
  auto p = env.policy();
  CHECK(p.threshold_for("my_app.worker") == level::trace);
  CHECK(p.threshold_for("my_app.chatty") == level::warning);
  CHECK(p.threshold_for("my_app.chatty.inner") == level::warning);
  CHECK(p.threshold_for("httpx") == level::debug);
  CHECK(p.threshold_for("httpx.pool") == level::warning);
}

TEST_CASE("a bad level value is reported once and the default used", "[levels]") {
  fake_env env;
  env.vars["MY_APP_LOG_LEVEL"] = "LOUD";
  env.vars["MY_APP_THIRD_PARTY_LOG_LEVEL"] = "";
  auto p = env.policy();
  CHECK(p.threshold_for("my_app") == level::info);
  CHECK(p.threshold_for("other") == level::warning);
  REQUIRE(env.warnings.size() == 1);
  CHECK(env.warnings[0].find("MY_APP_LOG_LEVEL") != std::string::npos);
  CHECK(env.warnings[0].find("LOUD") != std::string::npos);
}

TEST_CASE("configure_logging applies the environment to loggers made before and after", "[levels]") {
  auto early = ial::get_logger("env_app.early");
  CHECK(early.threshold() == level::warning);  // before configure: WARNING+ to stderr
  ::setenv("ENV_APP_LOG_LEVEL", "debug", 1);
  ::setenv("ENV_APP_THIRD_PARTY_LOG_LEVEL", "error", 1);
  test_support::configure("env-app");
  CHECK(early.threshold() == level::debug);
  CHECK(ial::get_logger("env_app.late").threshold() == level::debug);
  CHECK(ial::get_logger("thirdparty.lib").threshold() == level::error);
  CHECK(ial::get_logger("env_app.late").enabled(level::debug));
  CHECK_FALSE(ial::get_logger("env_app.late").enabled(level::trace));
}

TEST_CASE("a name that spells the app's name another way is found, real third-party names are not", "[levels]") {
  CHECK(ours_spelling("order-svc.core", "order_svc") == "order_svc.core");
  CHECK(ours_spelling("Order_Svc", "order_svc") == "order_svc");
  CHECK(ours_spelling("order.svc.db", "order_svc") == "order_svc.db");
  CHECK(ours_spelling("order_svc.core", "order_svc").empty());  // ours already
  CHECK(ours_spelling("order_svc", "order_svc").empty());
  CHECK(ours_spelling("httpx", "order_svc").empty());
  CHECK(ours_spelling("order", "order_svc").empty());
  CHECK(ours_spelling("order-svcx.core", "order_svc").empty());
}

namespace {
// Runs body with this process's stderr going to a file; returns what was written.
template <class Body>
std::string capture_stderr(Body body) {
  const auto path = test_support::fresh_root("captured") / "stderr.txt";
  std::fflush(stderr);
  const int saved = ::dup(2);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ::dup2(fd, 2);
  ::close(fd);
  body();
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  return test_support::read_all(path);
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("a logger named with the app's file name is third-party, and says so once on stderr", "[levels]") {
  ::setenv("ORDER_SVC_LOG_LEVEL", "DEBUG", 1);
  const std::string err = capture_stderr([] {
    auto early = ial::get_logger("order-svc.core");  // before configure_logging
    test_support::configure("order-svc");
    auto late = ial::get_logger("Order_Svc.db");  // after it
    CHECK(early.threshold() == level::warning);   // the contract: third-party, like the Python logger
    CHECK(late.threshold() == level::warning);
    CHECK(ial::get_logger("order_svc.core").threshold() == level::debug);
    (void)ial::get_logger("order-svc.core");  // asked for again: no second warning
    (void)ial::get_logger("httpx.client");    // a real third-party name: no warning
  });
  INFO(err);
  CHECK(count_of(err, "logger \"order-svc.core\" is third-party in app \"order-svc\"") == 1);
  CHECK(count_of(err, "Name it \"order_svc.core\" to make it the app's") == 1);
  CHECK(count_of(err, "logger \"Order_Svc.db\" is third-party") == 1);
  CHECK(err.find("ORDER_SVC_THIRD_PARTY_LOG_LEVEL sets its level") != std::string::npos);
  CHECK(err.find("httpx") == std::string::npos);
  CHECK(err.find("\"order_svc.core\" is third-party") == std::string::npos);
}

namespace {
struct Chatter {
  static constexpr ial::event_info event{"chatter", ial::level::debug};
  int n;
};
struct Notice {
  static constexpr ial::event_info event{"notice", ial::level::info};
  int n;
};
}  // namespace

TEST_CASE("a disabled event writes nothing", "[levels]") {
  const auto path = test_support::configure("quiet");
  auto log = ial::get_logger("quiet.worker");
  for (int i = 0; i < 100; ++i) log.log(Chatter{i});
  log.log(Notice{1});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(test_support::fields(lines[0])["msg"] == "notice");
}
