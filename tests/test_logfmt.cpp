// logfmt values as go-logfmt writes them, and our parser reading them back.
#include <instrukt_ai/logging/detail/line/line_buffer.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <string>

using instrukt_ai::logging::logfmt::encode_value;
using instrukt_ai::logging::logfmt::parse_line;

namespace {

// Parses `k=<encoded>` and returns the value.
std::string decode(const std::string& encoded) {
  auto parsed = parse_line("k=" + encoded);
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.pairs.size() == 1);
  return parsed.pairs[0].value;
}

}  // namespace

TEST_CASE("plain values are written bare", "[logfmt]") {
  CHECK(encode_value("u-7") == "u-7");
  CHECK(encode_value("abc/def:1.5") == "abc/def:1.5");
  CHECK(encode_value("caf\xC3\xA9") == "caf\xC3\xA9");  // valid UTF-8 stays bare
  CHECK(encode_value("back\\slash") == "back\\slash");    // go-logfmt leaves backslashes bare
}

TEST_CASE("empty and null-looking values are quoted", "[logfmt]") {
  CHECK(encode_value("") == "\"\"");
  CHECK(encode_value("null") == "\"null\"");
  CHECK(encode_value("nullx") == "nullx");
}

TEST_CASE("each byte that forces quotes does", "[logfmt]") {
  CHECK(encode_value("a b") == "\"a b\"");
  CHECK(encode_value("a=b") == "\"a=b\"");
  CHECK(encode_value("a\"b") == "\"a\\\"b\"");
  CHECK(encode_value("a\x7f") == "\"a\\u007f\"");
  for (int b = 0; b <= 0x20; ++b) {
    const std::string v = std::string("x") + static_cast<char>(b);
    const std::string e = encode_value(v);
    INFO("byte " << b);
    CHECK(e.front() == '"');
    CHECK(e.back() == '"');
  }
}

TEST_CASE("NEL, LS and PS, line ends to some readers, are escaped inside quotes and read back", "[logfmt]") {
  CHECK(encode_value("a\xC2\x85" "b") == "\"a\\u0085b\"");
  CHECK(encode_value("a\xE2\x80\xA8" "b") == "\"a\\u2028b\"");
  CHECK(encode_value("a\xE2\x80\xA9" "b") == "\"a\\u2029b\"");
  CHECK(encode_value("caf\xC3\xA9\xE2\x80\xA6") == "caf\xC3\xA9\xE2\x80\xA6");  // other non-ASCII stays bare
  const auto parsed = instrukt_ai::logging::logfmt::parse_line("k=" + encode_value("x\xE2\x80\xA8y"));
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.pairs.size() == 1);
  CHECK(parsed.pairs[0].value == "x\xE2\x80\xA8y");
}

TEST_CASE("escapes inside quotes", "[logfmt]") {
  CHECK(encode_value("a\nb") == "\"a\\nb\"");
  CHECK(encode_value("a\rb") == "\"a\\rb\"");
  CHECK(encode_value("a\tb") == "\"a\\tb\"");
  CHECK(encode_value("a\\ b") == "\"a\\\\ b\"");
  CHECK(encode_value(std::string("a\0b", 3)) == "\"a\\u0000b\"");
  CHECK(encode_value("a\x1b") == "\"a\\u001b\"");
  CHECK(encode_value("a\x01") == "\"a\\u0001\"");
}

TEST_CASE("invalid UTF-8 is quoted with one U+FFFD escape per bad byte", "[logfmt]") {
  CHECK(encode_value("a\xff") == "\"a\\ufffd\"");
  CHECK(encode_value("\xC0\xAF") == "\"\\ufffd\\ufffd\"");              // overlong '/'
  CHECK(encode_value("\xED\xA0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");   // surrogate U+D800
  CHECK(encode_value("\xE2\x82") == "\"\\ufffd\\ufffd\"");              // truncated sequence
  CHECK(encode_value("\xF4\x90\x80\x80") == "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // > U+10FFFF
  CHECK(encode_value("\xEF\xBF\xBD") == "\"\\ufffd\"");  // U+FFFD itself, as go-logfmt does
}

TEST_CASE("a value never contains a raw newline", "[logfmt]") {
  const std::string e = encode_value("line1\nline2\r\nline3");
  CHECK(e.find('\n') == std::string::npos);
  CHECK(e.find('\r') == std::string::npos);
}

TEST_CASE("every byte value round-trips through the parser", "[logfmt]") {
  for (int b = 0; b < 0x80; ++b) {
    const std::string v = std::string("v") + static_cast<char>(b) + "w";
    INFO("byte " << b);
    CHECK(decode(encode_value(v)) == v);
  }
  // Bytes >= 0x80 alone are invalid UTF-8: they read back as U+FFFD.
  for (int b = 0x80; b < 0x100; ++b) {
    const std::string v = std::string(1, static_cast<char>(b));
    INFO("byte " << b);
    CHECK(decode(encode_value(v)) == "\xEF\xBF\xBD");
  }
}

TEST_CASE("valid UTF-8 and escapes round-trip exactly", "[logfmt]") {
  const std::string samples[] = {"", "null", "a b", "=", "\"", "\\", "\\\"", "tab\there", "\xF0\x9F\x98\x80 emoji",
                                 "\xE2\x80\xA8", "\xEF\xBF\xBD", "k=v k2=\"v2\"", std::string(1, '\0')};
  for (const auto& s : samples) {
    INFO(s);
    CHECK(decode(encode_value(s)) == s);
  }
}

TEST_CASE("random byte strings round-trip up to U+FFFD replacement", "[logfmt]") {
  std::mt19937 rng(1234);
  for (int round = 0; round < 2000; ++round) {
    std::string v(rng() % 40, '\0');
    for (auto& c : v) c = static_cast<char>(rng() % 128);  // ASCII: exact round trip
    CHECK(decode(encode_value(v)) == v);
  }
}

TEST_CASE("long values are cut on a UTF-8 boundary and marked", "[logfmt]") {
  const std::string marker = "\xE2\x80\xA6(truncated)";
  CHECK(encode_value("abcdefgh", 4) == "abcd" + marker);
  // "é" is 2 bytes: a cut between them drops the whole character.
  CHECK(encode_value("abc\xC3\xA9z", 4) == "abc" + marker);
  CHECK(encode_value("abc\xC3\xA9z", 5) == "abc\xC3\xA9" + marker);
  // A 4-byte character cut after 1, 2 or 3 of its bytes.
  const std::string emoji = "\xF0\x9F\x98\x80";
  for (std::size_t keep = 1; keep < 4; ++keep) CHECK(encode_value("ab" + emoji, 2 + keep) == "ab" + marker);
  // Quoting still applies to what is kept.
  CHECK(encode_value("a b c d", 3) == "\"a b" + marker + "\"");
  CHECK(encode_value("abcd", 4) == "abcd");  // exactly at the limit: not cut
}

TEST_CASE("the parser reads bare keys, quoted values and reports errors", "[logfmt]") {
  auto ok = parse_line("2026-11-24T07:03:28.775123Z level=INFO msg=\"a b\" empty=\"\" n=\"null\"");
  REQUIRE_FALSE(ok.error);
  REQUIRE(ok.pairs.size() == 5);
  CHECK_FALSE(ok.pairs[0].has_value);
  CHECK(ok.pairs[2].value == "a b");
  CHECK(ok.pairs[3].quoted);
  CHECK(ok.pairs[3].value.empty());
  CHECK(ok.pairs[4].value == "null");

  CHECK(parse_line("k=\"unterminated").error);
  CHECK(parse_line("k=a\"b").error);
  CHECK(parse_line("=v").error);
  CHECK(parse_line("k=a=b").error);
  CHECK(parse_line("k=\"bad\\q\"").error);
  CHECK(parse_line("k=\"x\"y").error);
}
