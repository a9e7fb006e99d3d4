// Messages from other logging systems: the raw entry point and the spdlog sink.
#include "support/log_file.hpp"

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/spdlog_sink.hpp>

#include <catch2/catch.hpp>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string>

namespace ial = instrukt_ai::logging;

TEST_CASE("a raw message: msg=<text> and its pairs, keys made safe", "[messages]") {
  const auto path = test_support::configure("shop");
  ial::log_message("shop.legacy", ial::level::warning, "disk at 91% on /var",
                   {{"mount", "/var"}, {"used pct", "91"}, {"msg", "dup"}, {"", "empty key"}, {"k=v", "a \"b\""}});
  ial::get_logger("shop").log_message(ial::level::error, "plain");
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 2);
  CHECK(test_support::body(lines[0]) ==
        "level=WARNING logger=shop.legacy msg=\"disk at 91% on /var\" mount=/var used_pct=91 msg_=dup "
        "_=\"empty key\" k_v=\"a \\\"b\\\"\"");
  CHECK(test_support::body(lines[1]) == "level=ERROR logger=shop msg=plain");
}

TEST_CASE("raw messages obey the levels: third-party held at WARNING unless spotlighted", "[messages]") {
  ::setenv("SHOP_THIRD_PARTY_LOG_LEVEL", "DEBUG", 1);
  ::setenv("SHOP_THIRD_PARTY_LOGGERS", "vendor", 1);
  const auto path = test_support::configure("shop");
  ::unsetenv("SHOP_THIRD_PARTY_LOG_LEVEL");
  ::unsetenv("SHOP_THIRD_PARTY_LOGGERS");
  ial::log_message("vendor.cache", ial::level::debug, "spotlighted");  // spotlight: DEBUG
  ial::log_message("other.lib", ial::level::info, "held back");        // not spotlighted: WARNING+
  ial::log_message("other.lib", ial::level::warning, "let through");
  ial::log_message("shop", ial::level::debug, "own code at INFO");    // SHOP_LOG_LEVEL unset: INFO
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 2);
  CHECK(test_support::body(lines[0]) == "level=DEBUG logger=vendor.cache msg=spotlighted");
  CHECK(test_support::body(lines[1]) == "level=WARNING logger=other.lib msg=\"let through\"");
}

TEST_CASE("a raw message's text and values are cut at max_value_bytes, and a hostile text is one line", "[messages]") {
  ial::options opts;
  opts.max_value_bytes = 16;
  const auto path = test_support::configure("shop", opts);
  ial::log_message("shop", ial::level::info, "line one\nline two\x01 and more", {{"k", "0123456789abcdefXYZ"}});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 1);
  auto f = test_support::fields(lines[0]);
  CHECK(f["msg"] == "line one\nline tw\xE2\x80\xA6(truncated)");
  CHECK(f["k"] == "0123456789abcdef\xE2\x80\xA6(truncated)");
}

TEST_CASE("an spdlog logger writes through the sink: its name, its level mapped, our filtering", "[messages][spdlog]") {
  ::setenv("SHOP_THIRD_PARTY_LOG_LEVEL", "DEBUG", 1);
  ::setenv("SHOP_THIRD_PARTY_LOGGERS", "vendor", 1);
  const auto path = test_support::configure("shop");
  ::unsetenv("SHOP_THIRD_PARTY_LOG_LEVEL");
  ::unsetenv("SHOP_THIRD_PARTY_LOGGERS");
  auto sink = std::make_shared<ial::spdlog_sink_mt>();
  auto cache = std::make_shared<spdlog::logger>("vendor.cache", sink);
  auto other = std::make_shared<spdlog::logger>("other.http", sink);
  cache->set_level(spdlog::level::trace);
  other->set_level(spdlog::level::trace);
  cache->trace("trace is below the spotlight's DEBUG");
  cache->debug("evicted {} entries", 12);
  cache->warn("slow shard {}", 3);
  other->info("held back");
  other->error("connect failed: {}", "refused");
  cache->flush();  // the sink's flush is ours: the lines are in the file
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 3);
  CHECK(test_support::body(lines[0]) == "level=DEBUG logger=vendor.cache msg=\"evicted 12 entries\"");
  CHECK(test_support::body(lines[1]) == "level=WARNING logger=vendor.cache msg=\"slow shard 3\"");
  CHECK(test_support::body(lines[2]) == "level=ERROR logger=other.http msg=\"connect failed: refused\"");
}

namespace {
struct Request {
  static constexpr ial::context_info context{"request"};
  ial::id<std::string_view> request_id;
};
}  // namespace

TEST_CASE("an spdlog line logged inside a scope ends with the scope's context", "[messages][spdlog][context]") {
  const auto path = test_support::configure("shop");
  auto sink = std::make_shared<ial::spdlog_sink_mt>();
  auto vendor = std::make_shared<spdlog::logger>("vendor.cache", sink);
  {
    ial::scoped_context scope{Request{{"r-44"}}};
    vendor->warn("slow shard {}", 3);
  }
  vendor->warn("after the scope");
  vendor->flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 2);
  CHECK(test_support::body(lines[0]) == "level=WARNING logger=vendor.cache msg=\"slow shard 3\" request_id=r-44");
  CHECK(test_support::body(lines[1]) == "level=WARNING logger=vendor.cache msg=\"after the scope\"");
}
