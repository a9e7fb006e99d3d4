// Golden lines: every supported field type, through the real pipeline to the file.
#include "support/log_file.hpp"

#include <instrukt_ai/logging/formatted.hpp>

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <limits>
#include <optional>

namespace ial = instrukt_ai::logging;
using namespace std::chrono_literals;

namespace {

// Logs one event through a fresh configuration and returns its line without the timestamp.
template <class Event>
std::string golden(const Event& e, ial::options opts = {}) {
  const auto path = test_support::configure("golden", opts);
  ial::get_logger("golden.test").log(e);
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(test_support::has_timestamp_prefix(lines[0]));
  return test_support::body(lines[0]);
}

enum class color : std::uint8_t { red, green = 5 };
enum legacy_mode { mode_off = -1, mode_on = 1 };

struct Point {
  int x, y;
};

std::atomic<int> live_tracked{0};
struct Tracked {
  int id;
  Tracked(int i) : id(i) { ++live_tracked; }
  Tracked(const Tracked& o) : id(o.id) { ++live_tracked; }
  ~Tracked() { --live_tracked; }
};

}  // namespace

template <>
struct fmt::formatter<Point> : fmt::formatter<std::string_view> {
  auto format(const Point& p, format_context& ctx) const { return fmt::format_to(ctx.out(), "({}, {})", p.x, p.y); }
};
template <>
struct fmt::formatter<Tracked> : fmt::formatter<std::string_view> {
  auto format(const Tracked& t, format_context& ctx) const { return fmt::format_to(ctx.out(), "tracked-{}", t.id); }
};

namespace {

struct Integers {
  static constexpr ial::event_info event{"integers", ial::level::info};
  std::int8_t i8;
  std::int16_t i16;
  std::int32_t i32;
  std::int64_t i64;
  std::uint8_t u8;
  std::uint16_t u16;
  std::uint32_t u32;
  std::uint64_t u64;
  signed char sc;
  unsigned long long ull;
};

struct Floats {
  static constexpr ial::event_info event{"floats", ial::level::info};
  float f;
  double d;
  double big;
  double tiny;
  double nan;
  double inf;
  double neg_inf;
  double whole;
};

struct Scalars {
  static constexpr ial::event_info event{"scalars", ial::level::warning};
  bool yes;
  bool no;
  char letter;
  char space;
  char quote;
};

struct Strings {
  static constexpr ial::event_info event{"strings", ial::level::error};
  std::string_view view;
  std::string owned;
  const char* c_string;
  const char* null_c_string;
  std::string_view empty;
  std::string_view null_word;
};

struct Enums {
  static constexpr ial::event_info event{"enums", ial::level::info};
  color known;
  color unnamed;
  legacy_mode plain;
};

struct Durations {
  static constexpr ial::event_info event{"durations", ial::level::info};
  std::chrono::nanoseconds ns;
  std::chrono::microseconds us;
  std::chrono::milliseconds ms;
  std::chrono::seconds s;
  std::chrono::minutes min;
  std::chrono::hours h;
  std::chrono::duration<double, std::milli> fractional_ms;
  std::chrono::duration<int, std::ratio<1, 4>> quarters;
};

struct Optionals {
  static constexpr ial::event_info event{"optionals", ial::level::info};
  std::optional<int> some;
  std::optional<int> none;
  std::optional<std::string> some_text;
  std::optional<std::string> no_text;
  std::optional<color> some_color;
};

struct Times {
  static constexpr ial::event_info event{"times", ial::level::info};
  std::chrono::system_clock::time_point at;
  std::chrono::sys_time<std::chrono::microseconds> at_us;
};

struct Formatted {
  static constexpr ial::event_info event{"formatted", ial::level::critical};
  Point where;
  Tracked tracked;
};

struct Empty {
  static constexpr ial::event_info event{"empty_event", ial::level::info};
};

}  // namespace

TEST_CASE("integers: every width and signedness, at their limits", "[fields]") {
  CHECK(golden(Integers{-128, -32768, std::numeric_limits<std::int32_t>::min(),
                        std::numeric_limits<std::int64_t>::min(), 255, 65535, 4294967295u,
                        std::numeric_limits<std::uint64_t>::max(), -5, 7}) ==
        "level=INFO logger=golden.test msg=integers i8=-128 i16=-32768 i32=-2147483648 "
        "i64=-9223372036854775808 u8=255 u16=65535 u32=4294967295 u64=18446744073709551615 sc=-5 ull=7");
}

TEST_CASE("float and double: shortest round-trip form", "[fields]") {
  CHECK(golden(Floats{0.1f, 0.1, 1e300, 5e-324, std::numeric_limits<double>::quiet_NaN(),
                      std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 42.0}) ==
        "level=INFO logger=golden.test msg=floats f=0.1 d=0.1 big=1e+300 tiny=5e-324 nan=nan inf=inf "
        "neg_inf=-inf whole=42");
}

TEST_CASE("bool and char", "[fields]") {
  CHECK(golden(Scalars{true, false, 'x', ' ', '"'}) ==
        "level=WARNING logger=golden.test msg=scalars yes=true no=false letter=x space=\" \" quote=\"\\\"\"");
}

TEST_CASE("strings: view, owned, C string, null, empty, the word null", "[fields]") {
  CHECK(golden(Strings{"u-7", std::string("has space"), "c-str", nullptr, "", "null"}) ==
        "level=ERROR logger=golden.test msg=strings view=u-7 owned=\"has space\" c_string=c-str "
        "null_c_string=null empty=\"\" null_word=\"null\"");
}

TEST_CASE("enums: enumerator name, or the number when it has none", "[fields]") {
  CHECK(golden(Enums{color::green, static_cast<color>(9), mode_off}) ==
        "level=INFO logger=golden.test msg=enums known=green unnamed=9 plain=mode_off");
}

TEST_CASE("durations: count and unit", "[fields]") {
  CHECK(golden(Durations{1500ns, 12us, 250ms, 3s, 2min, 1h, std::chrono::duration<double, std::milli>(1.5),
                         std::chrono::duration<int, std::ratio<1, 4>>(3)}) ==
        "level=INFO logger=golden.test msg=durations ns=1500ns us=12us ms=250ms s=3s min=2min h=1h "
        "fractional_ms=1.5ms quarters=0.75s");
}

TEST_CASE("optionals: the value, or null when empty", "[fields]") {
  CHECK(golden(Optionals{7, std::nullopt, std::string("a b"), std::nullopt, color::red}) ==
        "level=INFO logger=golden.test msg=optionals some=7 none=null some_text=\"a b\" no_text=null some_color=red");
}

TEST_CASE("system_clock time points: RFC 3339 UTC with microseconds", "[fields]") {
  using namespace std::chrono;
  const sys_time<nanoseconds> at = sys_days{2026y / November / 24} + 7h + 3min + 28s + 775123456ns;
  CHECK(golden(Times{time_point_cast<system_clock::duration>(at), time_point_cast<microseconds>(at)}) ==
        "level=INFO logger=golden.test msg=times at=2026-11-24T07:03:28.775123Z at_us=2026-11-24T07:03:28.775123Z");
}

TEST_CASE("types with an fmt::formatter: formatted on the writer, then destroyed", "[fields]") {
  {
    const Tracked t{3};
    CHECK(golden(Formatted{{1, 2}, t}) ==
          "level=CRITICAL logger=golden.test msg=formatted where=\"(1, 2)\" tracked=tracked-3");
  }
  CHECK(live_tracked.load() == 0);  // the ring's copy was destroyed after formatting
}

TEST_CASE("an event with no fields", "[fields]") {
  CHECK(golden(Empty{}) == "level=INFO logger=golden.test msg=empty_event");
}

TEST_CASE("string values over max_value_bytes are cut and marked", "[fields]") {
  const std::string long_value(100, 'a');
  ial::options opts;
  opts.max_value_bytes = 16;
  CHECK(golden(Strings{long_value, "short", "c", nullptr, "", "x"}, opts) ==
        "level=ERROR logger=golden.test msg=strings view=aaaaaaaaaaaaaaaa\xE2\x80\xA6(truncated) owned=short "
        "c_string=c null_c_string=null empty=\"\" null_word=x");
}

TEST_CASE("the default maximum is 4000 bytes", "[fields]") {
  const std::string value(5000, 'z');
  const std::string line = golden(Strings{value, "", "", nullptr, "", ""});
  CHECK(line.find(std::string(4000, 'z') + "\xE2\x80\xA6(truncated)") != std::string::npos);
  CHECK(line.find(std::string(4001, 'z')) == std::string::npos);
}

TEST_CASE("hostile values still make exactly one well-formed line", "[fields]") {
  std::string hostile = "x\n2026-01-01T00:00:00.000000Z level=CRITICAL msg=forged\r\n\"=\\\x01\xff";
  hostile += std::string("\0tail", 5);
  const std::string line = golden(Strings{hostile, hostile, "ok", nullptr, "", ""});
  auto parsed = ial::logfmt::parse_line(line);
  REQUIRE_FALSE(parsed.error);
  CHECK(test_support::fields(line)["msg"] == "strings");
  // The value reads back as written, invalid byte replaced by U+FFFD.
  std::string expected = hostile;
  expected.replace(expected.find('\xff'), 1, "\xEF\xBF\xBD");
  CHECK(test_support::fields(line)["view"] == expected);
}
