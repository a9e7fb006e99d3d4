// Name normalisation and the level matrix: ours / third-party / spotlight / muted.
#include "config/level_policy.hpp"
#include "config/names.hpp"
#include "support/log_file.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>

namespace ial = instrukt_ai::logging;
using ial::level;
using namespace ial::detail;

namespace {

struct fake_env {
  std::map<std::string, std::string> vars;
  std::vector<std::string> warnings;

  level_policy policy(std::string_view app = "my-app") {
    return level_policy::from_env(
        logger_prefix_for(app), env_prefix_for(app),
        [this](const char* name) -> const char* {
          auto it = vars.find(name);
          return it == vars.end() ? nullptr : it->second.c_str();
        },
        [this](std::string_view w) { warnings.emplace_back(w); });
  }
};

}  // namespace

TEST_CASE("app names normalise as the Python logger does", "[levels]") {
  CHECK(env_prefix_for("my-app") == "MY_APP");
  CHECK(env_prefix_for("myapp") == "MYAPP");
  CHECK(env_prefix_for("My App--v2") == "MY_APP_V2");
  CHECK(env_prefix_for("-edge-") == "EDGE");
  CHECK(logger_prefix_for("my-app") == "my_app");
  CHECK(logger_prefix_for("My.App") == "my_app");
  CHECK(file_stem_for("my-app") == "my-app");
  CHECK(file_stem_for("My_App") == "my-app");
  CHECK(file_stem_for("a__b..c") == "a-b-c");
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
