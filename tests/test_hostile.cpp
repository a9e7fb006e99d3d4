// Hostile values: any bytes in, exactly one valid line out, and the value
// reads back exactly (invalid UTF-8 as one U+FFFD per bad byte; long values
// cut as documented).
#include "support/log_file.hpp"
#include "support/utf8_reference.hpp"

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/detail/line/line_buffer.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <random>
#include <string>
#include <vector>

namespace ial = instrukt_ai::logging;

namespace {

// Pieces that break naive encoders.
std::vector<std::string> pieces() {
  std::vector<std::string> p;
  for (int b = 0; b < 256; ++b) p.emplace_back(1, static_cast<char>(b));
  for (const char* s : {"\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xF0\x80\x80\x80",  // overlong
                        "\xED\xA0\x80", "\xED\xBF\xBF",                                 // surrogates
                        "\xF4\x90\x80\x80", "\xE2\x82", "\xF0\x9F\x98",               // too big, truncated
                        "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xEF\xBF\xBD", // valid, U+FFFD
                        "null", "=", "\"", "\\", "\\\"", " ", "\n", "\r\n", "\t", "\\u0041", "k=v", "\"null\""})
    p.emplace_back(s);
  return p;
}

std::string random_value(std::mt19937& rng, const std::vector<std::string>& p) {
  std::string v;
  for (std::size_t n = rng() % 12; n > 0; --n) v += p[rng() % p.size()];
  return v;
}

std::string decode(const std::string& encoded) {
  auto parsed = ial::logfmt::parse_line("k=" + encoded);
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.pairs.size() == 1);
  return parsed.pairs[0].value;
}

struct Hostile {
  static constexpr ial::event_info event{"hostile", ial::level::info};
  std::uint32_t seq;
  std::string_view first;
  std::string note;
};

}  // namespace

TEST_CASE("every byte and hostile sequence round-trips through encode and parse", "[hostile]") {
  const auto p = pieces();
  for (const auto& piece : p) {
    INFO("piece of " << piece.size() << " bytes");
    const auto encoded = ial::logfmt::encode_value(piece);
    CHECK(encoded.find('\n') == std::string::npos);
    CHECK(decode(encoded) == test_support::as_read_back(piece));
  }
  std::mt19937 rng(20261124);
  for (int round = 0; round < 20000; ++round) {
    const auto v = random_value(rng, p);
    const auto encoded = ial::logfmt::encode_value(v);
    if (encoded.find('\n') != std::string::npos || decode(encoded) != test_support::as_read_back(v))
      FAIL_CHECK("round " << round << " does not round-trip");
  }
}

TEST_CASE("a buffer in spill mode (the signal handler's) encodes every value to the same bytes", "[hostile]") {
  namespace detail = ial::detail;
  std::string spilled;
  const detail::spill_target target{
      [](void* out, std::string_view bytes) noexcept { static_cast<std::string*>(out)->append(bytes); }, &spilled};
  const auto p = pieces();
  std::mt19937 rng(11);
  for (int round = 0; round < 5000; ++round) {
    std::string v = random_value(rng, p);
    if (round % 50 == 0) v = std::string(rng() % 10000, 'x') + v;  // longer than the limit and than the buffer
    detail::line_buffer grows;
    ial::logfmt::append_value(grows, v, 4000);
    char storage[16];  // a tiny buffer: every append spills
    detail::line_buffer small(storage, sizeof storage);
    small.set_spill(&target);
    spilled.clear();
    ial::logfmt::append_value(small, v, 4000);
    small.spill();
    if (spilled != grows.view()) FAIL_CHECK("round " << round << " differs in spill mode");
  }
}

TEST_CASE("hostile values through the whole pipeline: one parseable line per event, values exact", "[hostile]") {
  ial::options opts;
  opts.max_value_bytes = std::size_t{2} << 20;  // the 1 MB value is not cut
  opts.ring_bytes = std::size_t{4} << 20;
  const auto path = test_support::configure("hostile", opts);
  auto log = ial::get_logger("hostile");
  const auto p = pieces();
  std::mt19937 rng(7);
  std::vector<std::pair<std::string, std::string>> sent;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    sent.emplace_back(random_value(rng, p), random_value(rng, p));
    log.log(Hostile{i, sent.back().first, sent.back().second});
  }
  std::string big(1 << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 997) big[i] = static_cast<char>(rng() % 256);
  sent.emplace_back(big, "the 1 MB value");
  log.log(Hostile{1000, sent.back().first, sent.back().second});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == sent.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto parsed = ial::logfmt::parse_line(lines[i]);
    REQUIRE_FALSE(parsed.error);
    REQUIRE(parsed.pairs.size() == 7);
    CHECK(parsed.pairs[4].value == std::to_string(i));
    if (parsed.pairs[5].value != test_support::as_read_back(sent[i].first) || parsed.pairs[6].value != test_support::as_read_back(sent[i].second))
      FAIL_CHECK("event " << i << " did not read back exactly");
  }
}
