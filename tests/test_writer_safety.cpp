// A user's fmt::formatter runs on the writer thread. Whatever it does (log,
// flush, throw), the service must live on: no deadlock, no terminate, nothing
// else lost. Run with small rings and the block policy; ctest's timeout turns
// a hang into a failure.
#include "support/log_file.hpp"

#include <instrukt_ai/logging/formatted.hpp>

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace ial = instrukt_ai::logging;

namespace {

// What the formatter of each field type does besides writing its text.
struct Logs {
  std::uint64_t n;
};
struct Flushes {
  std::uint64_t n;
};
struct Throws {
  bool standard;  // a std::exception, or an int
};

struct FromFormatter {
  static constexpr ial::event_info event{"from_formatter", ial::level::info};
  std::uint64_t n;
  std::string_view note;  // 200 bytes: a pass of the writer fills its own 64 KiB ring many times over
};
struct Plain {
  static constexpr ial::event_info event{"plain", ial::level::info};
  std::uint64_t n;
};
struct Primary {
  static constexpr ial::event_info event{"primary", ial::level::info};
  std::uint32_t thread;
  std::uint64_t seq;
  Logs payload;
};
struct Flushing {
  static constexpr ial::event_info event{"flushing", ial::level::info};
  std::uint64_t seq;
  Flushes payload;
};
struct Throwing {
  static constexpr ial::event_info event{"throwing", ial::level::info};
  std::uint64_t before;
  Throws payload;
  std::uint64_t after;
};

}  // namespace

template <>
struct fmt::formatter<Logs> : fmt::formatter<std::uint64_t> {
  auto format(const Logs& v, format_context& ctx) const {
    static const std::string note(200, 'n');
    ial::get_logger("safety.formatter").log(FromFormatter{v.n, note});
    return fmt::formatter<std::uint64_t>::format(v.n, ctx);
  }
};
template <>
struct fmt::formatter<Flushes> : fmt::formatter<std::uint64_t> {
  auto format(const Flushes& v, format_context& ctx) const {
    ial::flush();
    ial::shutdown();
    return fmt::formatter<std::uint64_t>::format(v.n, ctx);
  }
};
template <>
struct fmt::formatter<Throws> : fmt::formatter<std::string_view> {
  auto format(const Throws& v, format_context& ctx) const -> decltype(ctx.out()) {
    if (v.standard) throw std::runtime_error("no text for you");
    throw 42;
  }
};

TEST_CASE("a formatter that logs: no deadlock with small rings and the block policy, its events counted",
          "[writer-safety]") {
  ial::options opts;
  opts.ring_bytes = 64 << 10;
  const auto path = test_support::configure("safety", opts);
  constexpr std::uint64_t per_thread = 5000;
  std::vector<std::thread> pool;
  for (std::uint32_t t = 0; t < 2; ++t)
    pool.emplace_back([t] {
      auto log = ial::get_logger("safety.worker");
      for (std::uint64_t i = 0; i < per_thread; ++i) log.log(Primary{t, i, {i}});
    });
  for (auto& t : pool) t.join();
  ial::flush();
  ial::flush();  // the events the last pass's formatters logged are written by the next
  std::uint64_t primary = 0, from_formatter = 0, dropped_reported = 0;
  for (const auto& line : test_support::read_lines(path)) {
    auto f = test_support::fields(line);
    if (f["msg"] == "primary") ++primary;
    else if (f["msg"] == "from_formatter") ++from_formatter;
    else if (f["msg"] == "log_events_dropped") dropped_reported += std::stoull(f["count"]);
  }
  CHECK(primary == 2 * per_thread);  // the block policy loses none of the service's own events
  // Every event the formatter logged is written or dropped and counted: none waited.
  CHECK(from_formatter + ial::dropped_events() == 2 * per_thread);
  CHECK(dropped_reported == ial::dropped_events());
}

TEST_CASE("a formatter that calls flush() or shutdown(): both return at once, and exit does not hang",
          "[writer-safety]") {
  const auto path = test_support::configure("safety");
  auto log = ial::get_logger("safety.worker");
  for (std::uint64_t i = 0; i < 100; ++i) log.log(Flushing{i, {i}});
  ial::flush();
  std::size_t lines = 0;
  for (const auto& line : test_support::read_lines(path)) lines += test_support::fields(line)["msg"] == "flushing";
  CHECK(lines == 100);
  log.log(Flushing{100, {100}});  // still running: shutdown() on the writer thread did nothing
  ial::flush();
  CHECK(test_support::read_lines(path).size() == 101);
}

TEST_CASE("a formatter that throws costs only its value: a marker says why, the rest lives on", "[writer-safety]") {
  const auto path = test_support::configure("safety");
  auto log = ial::get_logger("safety.worker");
  log.log(Throwing{1, {true}, 2});
  log.log(Throwing{3, {false}, 4});
  log.log(Plain{5});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 3);
  CHECK(test_support::body(lines[0]) ==
        "level=INFO logger=safety.worker msg=throwing before=1 payload=\"<format error: no text for you>\" after=2");
  CHECK(test_support::body(lines[1]) ==
        "level=INFO logger=safety.worker msg=throwing before=3 payload=\"<format error: unknown exception>\" after=4");
  CHECK(test_support::body(lines[2]) == "level=INFO logger=safety.worker msg=plain n=5");
}
