// A catalog's events described once per program (instrukt_ai_event_catalog's
// DESCRIPTORS): call sites that include the generated header reflect only the
// field types, and the lines are the same as without it.
#include <declared_descriptors.hpp>

#include <instrukt_ai/logging/catalog_descriptors.hpp>

#include "support/log_file.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>

namespace ial = instrukt_ai::logging;
namespace d = instrukt_ai::logging::detail;

static_assert(d::declared_elsewhere<declared::JobQueued> && d::declared_elsewhere<declared::Tick>,
              "the generated header declares the catalog's plain events");
static_assert(!d::declared_elsewhere<declared::Retry>, "a throttled event is described where it is logged");
static_assert(d::declared_event<declared::JobQueued>::whole_fields == 0b011, "job_id and request_id are id keys");
static_assert(d::type_spelling<declared::Tick>() == "declared::Tick" &&
                  d::type_spelling<ial::catalog<declared::Tick, declared::Retry>>() ==
                      "instrukt_ai::logging::catalog<declared::Tick, declared::Retry>",
              "the generated code spells types as the compiler does");
static_assert(std::is_same_v<d::declared_encoder<declared::JobQueued>, d::event_formatter<declared::JobQueued>::encoder>,
              "the call site's encoder is the one the names would give");

TEST_CASE("the generated TU defines each declared event's descriptor", "[declared]") {
  const d::descriptor& job = d::event_descriptor<declared::JobQueued>::value;
  CHECK(job.name == "job_queued");
  CHECK(job.severity == ial::level::info);
  CHECK(job.msg_fragment == " msg=job_queued");
  REQUIRE(job.fields.size() == 3);
  CHECK(job.fields[1].key == "request_id");
  CHECK(job.fields[2].type_name == "string");
  CHECK(d::event_descriptor<declared::Tick>::value.fields[1].key == "value");
}

TEST_CASE("declared events write the lines they write without the header", "[declared]") {
  ial::options opts;
  opts.max_value_bytes = 16;
  const auto path = test_support::configure("declared", opts);
  const auto log = ial::get_logger("declared.test");
  log.log(declared::JobQueued{42, "req-0123456789abcdef", "a note longer than sixteen bytes"});
  log.log(declared::Tick{7, 0.5});
  log.log(declared::Retry{1});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 3);
  CHECK(test_support::body(lines[0]) ==
        "level=INFO logger=declared.test msg=job_queued job_id=42 request_id=req-0123456789abcdef "
        "note=\"a note longer th\xE2\x80\xA6(truncated)\"");
  CHECK(test_support::body(lines[1]) == "level=WARNING logger=declared.test msg=tick n=7 value=0.5");
  CHECK(test_support::body(lines[2]) == "level=INFO logger=declared.test msg=retry attempt=1");
}

namespace {
struct Hidden {
  static constexpr ial::event_info event{"hidden", ial::level::info};
  int n;
};
struct hidden_events : ial::catalog<Hidden> {};
}  // namespace

TEST_CASE("a catalog event that other files cannot name is refused by name", "[declared]") {
  try {
    (void)ial::descriptors_header<hidden_events>("events.hpp");
    FAIL("no error");
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    CHECK(what.find("Hidden") != std::string::npos);
    CHECK(what.find("named namespace") != std::string::npos);
  }
}

TEST_CASE("the generated TU checks every field's offset, which an alignas can move", "[declared]") {
  using padded_offsets = d::struct_fields<d::field_tuple<declared::Padded>>;
  CHECK(padded_offsets::offsets[1] == 1);
  CHECK(offsetof(declared::Padded, b) == 2);  // same size as without the alignas, other offsets
  const std::string source = ial::descriptors_source<declared::padded_events>("padded.hpp");
  CHECK(source.find("static_assert(__builtin_offsetof(::declared::Padded, b) == "
                    "struct_fields<field_tuple<::declared::Padded>>::offsets[1]") != std::string::npos);
  CHECK(source.find("remove the alignas") != std::string::npos);
  const std::string good = ial::descriptors_source<declared::declared_events>("declared_descriptors.hpp");
  CHECK(good.find("__builtin_offsetof(::declared::JobQueued, note) == struct_fields") != std::string::npos);
}

TEST_CASE("the generated header names each declared event from the global namespace", "[declared]") {
  const std::string header = ial::descriptors_header<declared::declared_events>("events.hpp");
  CHECK(header.find("#include \"events.hpp\"") != std::string::npos);
  CHECK(header.find("declared_event<::declared::JobQueued> { static constexpr std::uint64_t whole_fields = 0x3; }") !=
        std::string::npos);
  CHECK(header.find("event_descriptor<::declared::Tick>::value;") != std::string::npos);
  CHECK(header.find("Retry") == std::string::npos);
}
