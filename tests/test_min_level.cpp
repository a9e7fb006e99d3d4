// Built with INSTRUKT_AI_LOGGING_MIN_LEVEL=2 (INFO): DEBUG and TRACE events
// compile to nothing, even when the environment enables them.
#include "support/log_file.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

namespace ial = instrukt_ai::logging;

static_assert(ial::compile_time_min_level == ial::level::info, "this test must be built with MIN_LEVEL=2");

namespace {
struct Below {
  static constexpr ial::event_info event{"below", ial::level::debug};
  int n;
};
struct AtMinimum {
  static constexpr ial::event_info event{"at_minimum", ial::level::info};
  int n;
};
}  // namespace

TEST_CASE("events below the compile-time minimum are not logged, whatever the environment says", "[levels]") {
  ::setenv("MINLEVEL_LOG_LEVEL", "TRACE", 1);
  const auto path = test_support::configure("minlevel");
  auto log = ial::get_logger("minlevel");
  CHECK(log.threshold() == ial::level::trace);  // the runtime level would let DEBUG through ...
  CHECK_FALSE(log.enabled(ial::level::debug));  // ... the compile-time minimum does not
  log.log(Below{1});
  log.log(AtMinimum{2});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(test_support::fields(lines[0])["msg"] == "at_minimum");
}
