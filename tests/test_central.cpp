// instrukt-ai-central's parts: the frame it accepts, and how it tells a line
// sent again, a new file and a hole from the next line.
#include "central/frame.hpp"
#include "central/source_order.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace instrukt_ai::central;

TEST_CASE("central frame: host, app, file, offset and the line as it came", "[central]") {
  const auto f = parse_frame("ial1 web-1.dc orders cron 4096 2026-11-24T07:03:28.775123Z level=INFO  x=\"a b\"");
  REQUIRE(f.value);
  CHECK(f.value->host == "web-1.dc");
  CHECK(f.value->app == "orders");
  CHECK(f.value->file == "cron");
  CHECK(f.value->offset == 4096);
  CHECK(f.value->line == "2026-11-24T07:03:28.775123Z level=INFO  x=\"a b\"");  // spaces kept
}

TEST_CASE("central frame: names that could leave the central folder, and broken frames, are refused", "[central]") {
  for (const char* bad : {"ial1 .. orders cron 0 x", "ial1 a/b orders cron 0 x", "ial1 h .. cron 0 x",
                          "ial1 h Orders cron 0 x", "ial1 h orders cr/on 0 x", "ial1 h orders cron -1 x",
                          "ial1 h orders cron 12a x", "ial1 h orders cron 0", "ial2 h orders cron 0 x", ""}) {
    INFO(bad);
    const auto f = parse_frame(bad);
    CHECK_FALSE(f.value);
    CHECK_FALSE(f.error.empty());
  }
}

TEST_CASE("central order: next lines, a repeat, a rotation to offset 0, and a hole", "[central]") {
  source_order o;
  CHECK(o.take(0, "aaaa").what == verdict::next);  // ends at 5
  CHECK(o.take(5, "bbb").what == verdict::next);   // ends at 9
  CHECK(o.take(5, "bbb").what == verdict::resent);
  CHECK(o.take(0, "aaaa").what == verdict::resent);
  CHECK(o.take(9, "cc").what == verdict::next);     // ends at 12
  CHECK(o.take(0, "new").what == verdict::new_generation);  // the file was rotated: ends at 4
  CHECK(o.take(12, "dd").what == verdict::next);    // the renamed file's last line
  CHECK(o.take(4, "x").what == verdict::next);
  const auto hole = o.take(100, "y");
  CHECK(hole.what == verdict::gap);
  CHECK(hole.missing_bytes == 94);  // 6 .. 100
  CHECK(o.take(3, "zz").what == verdict::early);  // before the end, never seen: written, reported
}

TEST_CASE("central order: it survives a restart through its text, and bad text starts afresh", "[central]") {
  source_order o;
  o.take(0, "aaaa");
  o.take(5, "bbb");
  auto back = source_order::load(o.save());
  CHECK(back.take(5, "bbb").what == verdict::resent);
  CHECK(back.take(9, "c").what == verdict::next);
  auto fresh = source_order::load("ial-central-order 1\n5 x\n");
  CHECK(fresh.take(5, "bbb").what == verdict::next);  // nothing known: taken as it comes
}

TEST_CASE("central order: only the last 4,096 lines are remembered", "[central]") {
  source_order o;
  std::uint64_t at = 0;
  for (int i = 0; i < 5000; ++i) {
    const std::string line = "line " + std::to_string(i);
    o.take(at, line);
    at += line.size() + 1;
  }
  CHECK(o.take(at - 10, "line 4999").what == verdict::resent);
  CHECK(o.take(0, "line 0").what == verdict::new_generation);  // forgotten: a new file starting with it
}
