// What is decided at compile time: field names, keys, enum names, record sizes.
#include <instrukt_ai/logging.hpp>

#include <instrukt_ai/logging/formatted.hpp>

#include <boost/pfr/core.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ial = instrukt_ai::logging;
namespace d = instrukt_ai::logging::detail;

namespace {

struct JobStarted {
  static constexpr ial::event_info event{"job_started", ial::level::info};
  std::uint64_t job_id;
  std::string_view user_id;
};

struct ThreeNumbers {
  static constexpr ial::event_info event{"three_numbers", ial::level::info};
  std::uint64_t iteration;
  std::uint64_t index;
  double value;
};

struct Mixed {
  static constexpr ial::event_info event{"mixed", ial::level::debug};
  bool flag;
  std::optional<std::int32_t> maybe;
  std::string text;
  char c;
};

enum class phase { start, finish = 7 };

}  // namespace

// The library counts fields its own way (reflect.hpp); PFR's count is the reference.
struct EveryKind {
  std::uint8_t a;
  std::int64_t b;
  double c;
  bool d;
  char e;
  std::string_view f;
  std::string g;
  const char* h;
  phase i;
  std::chrono::milliseconds j;
  std::chrono::system_clock::time_point k;
  std::optional<std::string> l;
  ial::redacted<std::string> m;
  ial::id<std::string_view> n;
  ial::payload<std::string> o;
  std::vector<int> p;  // no codec, still counted
};
struct NotCopyable {
  std::unique_ptr<int> a;
  std::atomic<int> b;
  int c;
};
struct WithReferences {
  const int& a;
  int& b;
  std::string_view c;
};
struct Empty {};
struct Nested {
  JobStarted inner;
  Mixed other;
};
template <class T>
constexpr bool counted_as_pfr = d::field_count<T> == boost::pfr::tuple_size_v<T>;
static_assert(counted_as_pfr<JobStarted> && counted_as_pfr<ThreeNumbers> && counted_as_pfr<Mixed>);
static_assert(counted_as_pfr<EveryKind> && d::field_count<EveryKind> == 16);
static_assert(counted_as_pfr<NotCopyable> && d::field_count<NotCopyable> == 3);
static_assert(counted_as_pfr<WithReferences> && d::field_count<WithReferences> == 3);
static_assert(counted_as_pfr<Empty> && d::field_count<Empty> == 0);
static_assert(counted_as_pfr<Nested> && d::field_count<Nested> == 2);
static_assert(std::is_same_v<d::field_type_t<6, EveryKind>, std::string>);

// The library's ties (tie.hpp, one class per field count up to 16) give PFR's tuple types.
struct ConstAndVolatile {
  const int a;
  volatile int b;
  std::string c;
};
struct Seventeen {  // past the library's own ties: PFR's
  int f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, last_one;
};
template <class T>
constexpr bool tied_as_pfr =
    std::is_same_v<decltype(d::tie_fields(std::declval<const T&>())),
                   decltype(boost::pfr::detail::tie_as_tuple(std::declval<const T&>(),
                                                             boost::pfr::detail::size_t_<d::field_count<T>>{}))> &&
    std::is_same_v<decltype(d::tie_fields(std::declval<T&>())),
                   decltype(boost::pfr::detail::tie_as_tuple(std::declval<T&>(),
                                                             boost::pfr::detail::size_t_<d::field_count<T>>{}))>;
static_assert(tied_as_pfr<EveryKind> && tied_as_pfr<WithReferences> && tied_as_pfr<NotCopyable> &&
              tied_as_pfr<ConstAndVolatile> && tied_as_pfr<Empty> && tied_as_pfr<Seventeen>);
static_assert(d::field_names<Seventeen>[16] == "last_one" && d::field_names<EveryKind>[15] == "p");
static_assert(std::is_same_v<d::field_type_t<1, WithReferences>, int>);

// Checked by the compiler; the test cases below only make them visible in reports.
static_assert(d::field_names<JobStarted>[0] == "job_id");
static_assert(d::field_names<JobStarted>[1] == "user_id");
static_assert(d::line_fragments<JobStarted>::msg() == " msg=job_started");
static_assert(d::line_fragments<JobStarted>::keys[1] == " user_id=");
static_assert(d::enum_names<phase>::of(phase::finish) == "finish");
static_assert(d::event_codec<ThreeNumbers>::fixed);
static_assert(!d::event_codec<Mixed>::fixed);
static_assert(d::valid_event<JobStarted>);

TEST_CASE("field names come from the struct, in declaration order", "[compile-time]") {
  CHECK(d::field_names<Mixed>[0] == "flag");
  CHECK(d::field_names<Mixed>[1] == "maybe");
  CHECK(d::field_names<Mixed>[2] == "text");
  CHECK(d::field_names<Mixed>[3] == "c");
}

TEST_CASE("key fragments are constant strings", "[compile-time]") {
  CHECK(d::line_fragments<Mixed>::keys[0] == " flag=");
  CHECK(d::line_fragments<Mixed>::keys[3] == " c=");
  CHECK(d::descriptor_of<Mixed>.msg_fragment == " msg=mixed");
  CHECK(d::descriptor_of<Mixed>.severity == ial::level::debug);
  REQUIRE(d::descriptor_of<Mixed>.fields.size() == 4);
  CHECK(d::descriptor_of<Mixed>.fields[1].type_name == "optional");
  CHECK(d::descriptor_of<Mixed>.fields[2].type_name == "string");
}

TEST_CASE("enumerator names, and none for values without one", "[compile-time]") {
  CHECK(d::enum_names<phase>::of(phase::start) == "start");
  CHECK(d::enum_names<phase>::of(static_cast<phase>(3)).empty());
  CHECK(d::enum_names<phase>::of(static_cast<phase>(100000)).empty());  // outside enum_range
}

TEST_CASE("record sizes: 16-byte header, field bytes, 8-byte padding", "[compile-time]") {
  CHECK(d::record_size(ThreeNumbers{1, 2, 3.0}, 4000) == 40);  // the benchmark event
  CHECK(d::record_size(JobStarted{42, "u-7"}, 4000) == 32);    // 16 + 8 + 4 + 3 = 31, padded to 32
  CHECK(d::record_size(Mixed{true, 5, "abcdef", 'x'}, 4000) == d::align_record(16 + 1 + 5 + 4 + 6 + 1));
}

struct JobNoted {
  static constexpr ial::event_info event{"job_noted", ial::level::info};
  std::uint64_t job_id;
  std::string_view note;
};

TEST_CASE("string bytes copied into a record stop at max_value_bytes", "[compile-time]") {
  const std::string big(10000, 'x');
  CHECK(d::record_size(JobNoted{1, big}, 4000) == d::align_record(16 + 8 + 4 + 4000));
  CHECK(d::record_size(JobNoted{1, big}, 100) == d::align_record(16 + 8 + 4 + 100));
}

struct Tagged {
  static constexpr ial::event_info event{"tagged", ial::level::info};
  ial::id<std::string_view> trace;
};

TEST_CASE("identifiers are copied whole: `..._id` keys and id<T> ignore max_value_bytes", "[compile-time]") {
  const std::string big(10000, 'x');
  CHECK(d::record_size(JobStarted{1, big}, 100) == d::align_record(16 + 8 + 4 + 10000));
  CHECK(d::record_size(Tagged{{big}}, 100) == d::align_record(16 + 4 + 10000));
}
