// The guide's rules as API: secrets, payloads and identifiers.
#include "support/log_file.hpp"

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/catalog_export.hpp>

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <utility>
#include <vector>
#include <stdexcept>
#include <optional>
#include <string>
#include <thread>

namespace ial = instrukt_ai::logging;
namespace d = instrukt_ai::logging::detail;

namespace {

std::string hex(const std::array<std::uint8_t, 32>& digest) {
  std::string out;
  for (auto b : digest) out += fmt::format("{:02x}", b);
  return out;
}

struct LoginFailed {
  static constexpr ial::event_info event{"login_failed", ial::level::warning};
  std::string_view user_id;
  ial::redacted<std::string_view> password;
  ial::redacted<std::string_view, ial::redaction::fingerprint> access_token;
  ial::redacted<std::uint64_t, ial::redaction::fingerprint> pin_code;
};

// A secret that may be absent (a header): optional, and still redacted.
struct CallAuthorized {
  static constexpr ial::event_info event{"call_authorized", ial::level::info};
  std::optional<ial::redacted<std::string_view, ial::redaction::fingerprint>> authorization;
};

struct RequestReceived {
  static constexpr ial::event_info event{"request_received", ial::level::trace};
  ial::id<std::string_view> request;
  ial::payload<std::string_view> body;
};

struct NoteAdded {
  static constexpr ial::event_info event{"note_added", ial::level::info};
  std::string_view order_id;
  std::string_view note;
};

}  // namespace

TEST_CASE("sha256 matches the FIPS 180-4 test vectors", "[guide][secrets]") {
  CHECK(hex(d::sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex(d::sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex(d::sha256(std::string(119, 'a'))) == "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb");
}

TEST_CASE("redacted values: *** or a fingerprint in the line, the secret's bytes nowhere in the file", "[guide][secrets]") {
  const auto path = test_support::configure("guide");
  auto log = ial::get_logger("guide");
  log.log(LoginFailed{"u-7", {"hunter2"}, {"sk-live-0123456789abcdef"}, {42}});
  ial::flush();
  const auto text = test_support::read_all(path);
  CHECK(test_support::body(text) ==
        "level=WARNING logger=guide msg=login_failed user_id=u-7 password=*** access_token=sha256:8598adc1 "
        "pin_code=sha256:73475cb4\n");
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(text.find("sk-live") == std::string::npos);
}

TEST_CASE("an optional redacted secret: its fingerprint when present, null when absent, never the value", "[guide][secrets]") {
  const auto path = test_support::configure("guide");
  auto log = ial::get_logger("guide");
  log.log(CallAuthorized{ial::redacted<std::string_view, ial::redaction::fingerprint>{"sk-live-0123456789abcdef"}});
  log.log(CallAuthorized{std::nullopt});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 2);
  CHECK(test_support::body(lines[0]) == "level=INFO logger=guide msg=call_authorized authorization=sha256:8598adc1");
  CHECK(test_support::body(lines[1]) == "level=INFO logger=guide msg=call_authorized authorization=null");
  CHECK(test_support::read_all(path).find("sk-live") == std::string::npos);
  const auto json = ial::catalog_json<ial::catalog<CallAuthorized>>("guide");
  CHECK(json.find(R"({"key": "authorization", "type": "optional", "of": {"type": "redacted", "mode": "fingerprint"}})") !=
        std::string::npos);
}

TEST_CASE("a redacted mask takes no ring bytes: the value is never copied", "[guide][secrets]") {
  // header 16 + user_id 4 + 1 + access_token 4 + pin_code 4 = 29 -> 32; the password adds nothing.
  CHECK(d::record_size(LoginFailed{"u", {"a much longer password than the others"}, {"t"}, {1}}, 4000) == 32);
}

TEST_CASE("payload<T> in a TRACE event is written like T, and id<T> is never truncated", "[guide][payload]") {
  ial::options opts;
  opts.max_value_bytes = 16;
  ::setenv("GUIDE_LOG_LEVEL", "TRACE", 1);
  const auto path = test_support::configure("guide", opts);
  ::unsetenv("GUIDE_LOG_LEVEL");
  const std::string long_id(40, '7');
  ial::get_logger("guide").log(RequestReceived{{long_id}, {"{\"name\":\"a long body that is cut\"}"}});
  ial::get_logger("guide").log(NoteAdded{long_id, "a note much longer than sixteen bytes"});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 2);
  CHECK(test_support::fields(lines[0])["request"] == long_id);
  CHECK(test_support::fields(lines[0])["body"] == "{\"name\":\"a long \xE2\x80\xA6(truncated)");
  CHECK(test_support::fields(lines[1])["order_id"] == long_id);
  CHECK(test_support::fields(lines[1])["note"] == "a note much long\xE2\x80\xA6(truncated)");
}

TEST_CASE("secret names are matched as whole words", "[guide][secrets]") {
  for (auto key : {"password", "db_password", "access_token", "token_hash", "api_key", "apikey", "x_api_key",
                   "session_id", "private_key", "credit_card_last4", "card_number", "ssn", "authorization",
                   "cookie", "client_secret", "passwd"})
    CHECK(d::is_secret_key(key));
  for (auto key : {"tokens_used", "passwords_reset_count", "keyboard", "session", "card", "secretary_name"})
    CHECK_FALSE(d::is_secret_key(key));
}

TEST_CASE("catalogs describe redacted, payload and id fields", "[guide][catalog]") {
  const auto json = ial::catalog_json<ial::catalog<LoginFailed, RequestReceived>>("guide");
  CHECK(json.find(R"({"key": "password", "type": "redacted", "mode": "mask"})") != std::string::npos);
  CHECK(json.find(R"({"key": "access_token", "type": "redacted", "mode": "fingerprint"})") != std::string::npos);
  CHECK(json.find(R"({"key": "body", "type": "payload", "of": {"type": "string"}})") != std::string::npos);
  CHECK(json.find(R"({"key": "request", "type": "id", "of": {"type": "string"}})") != std::string::npos);
  CHECK(ial::to_json(ial::read_catalog_json(json)) == json);
}

namespace {

struct UploadFailed {
  static constexpr ial::event_info event{"upload_failed", ial::level::error};
  std::uint64_t upload_id;
};

struct JobProcessed {
  static constexpr ial::operation_info event{"job_processed"};
  std::uint64_t job_id;
  std::uint32_t items;
};

double duration_of(const std::string& line) { return std::stod(test_support::fields(line)["duration_ms"]); }

}  // namespace

TEST_CASE("an exception goes into the event's one line as exc=, nested causes included", "[guide][exceptions]") {
  const auto path = test_support::configure("guide");
  auto log = ial::get_logger("guide.upload");
  try {
    try {
      throw std::invalid_argument("bad port\n8o8o");
    } catch (...) {
      std::throw_with_nested(std::runtime_error("request failed"));
    }
  } catch (const std::exception& e) {
    log.log(UploadFailed{7}, e);
  }
  log.log(UploadFailed{8}, std::make_exception_ptr(std::out_of_range("no such part")));
  log.log(UploadFailed{9}, std::make_exception_ptr(42));
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 3);
  CHECK(test_support::body(lines[0]) ==
        "level=ERROR logger=guide.upload msg=upload_failed upload_id=7 "
        "exc=\"std::runtime_error: request failed; caused by std::invalid_argument: bad port\\n8o8o\"");
  CHECK(test_support::fields(lines[1])["exc"] == "std::out_of_range: no such part");
  CHECK(test_support::fields(lines[2])["exc"] == "unknown exception");
}

TEST_CASE("an operation writes one DEBUG line with its duration and the fields set during it", "[guide][operation]") {
  ::setenv("GUIDE_LOG_LEVEL", "TRACE", 1);
  const auto path = test_support::configure("guide");
  ::unsetenv("GUIDE_LOG_LEVEL");
  auto log = ial::get_logger("guide.jobs");
  const auto before = std::chrono::steady_clock::now();
  {
    auto op = log.operation(JobProcessed{42, 0}, ial::with_start_line);
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    op->items = 5;
  }
  const double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before).count();
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 2);
  CHECK(test_support::body(lines[0]) == "level=TRACE logger=guide.jobs msg=job_processed job_id=42 items=0 phase=start");
  const std::string end = test_support::body(lines[1]);
  CHECK(end.rfind("level=DEBUG logger=guide.jobs msg=job_processed job_id=42 items=5 duration_ms=", 0) == 0);
  CHECK(duration_of(lines[1]) >= 3.0);
  CHECK(duration_of(lines[1]) <= wall_ms);
  const auto ms = test_support::fields(lines[1])["duration_ms"];
  CHECK(ms.size() - ms.find('.') <= 4);  // microsecond resolution: at most three decimals
}

TEST_CASE("a failed operation: WARNING with a reason, ERROR for an exception, outcome=failed, each with its duration "
          "though DEBUG is off",
          "[guide][operation]") {
  const auto path = test_support::configure("guide");  // INFO: DEBUG is off
  auto log = ial::get_logger("guide.jobs");
  {
    auto op = log.operation(JobProcessed{1, 0});
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a timeout's wait
    op.fail("quota exceeded");
  }
  {
    auto op = log.operation(JobProcessed{2, 0});
    op.fail(std::runtime_error("disk full"));
  }
  try {
    auto op = log.operation(JobProcessed{3, 0});
    throw std::runtime_error("escaped");
  } catch (const std::exception&) {
  }
  {
    auto op = log.operation(JobProcessed{4, 0});  // success with DEBUG off: no line
  }
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 3);
  // Before: with DEBUG off no clock was read, and the failures carried no duration_ms.
  auto without_duration = [](const std::string& line) {
    const auto body = test_support::body(line);
    const auto at = body.find(" duration_ms=");
    REQUIRE(at != std::string::npos);
    return body.substr(0, at) + body.substr(body.find(' ', at + 1));
  };
  CHECK(without_duration(lines[0]) ==
        "level=WARNING logger=guide.jobs msg=job_processed job_id=1 items=0 outcome=failed error=\"quota exceeded\"");
  CHECK(without_duration(lines[1]) ==
        "level=ERROR logger=guide.jobs msg=job_processed job_id=2 items=0 outcome=failed "
        "error=\"std::runtime_error: disk full\"");
  CHECK(without_duration(lines[2]) ==
        "level=ERROR logger=guide.jobs msg=job_processed job_id=3 items=0 outcome=failed error=exception");
  CHECK(duration_of(lines[0]) >= 19.0);  // the 20 ms it waited
  CHECK(duration_of(lines[0]) < 5000.0);
  CHECK(duration_of(lines[1]) >= 0.0);
}

TEST_CASE("a failed operation with DEBUG on carries its duration", "[guide][operation]") {
  ::setenv("GUIDE_LOG_LEVEL", "DEBUG", 1);
  const auto path = test_support::configure("guide");
  ::unsetenv("GUIDE_LOG_LEVEL");
  {
    auto op = ial::get_logger("guide").operation(JobProcessed{1, 2});
    op.fail("timeout");
  }
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(test_support::fields(lines[0])["level"] == "WARNING");
  CHECK(duration_of(lines[0]) >= 0.0);
  CHECK(test_support::fields(lines[0])["outcome"] == "failed");
}

namespace {

struct CacheMissed {
  static constexpr ial::event_info event{"cache_missed", ial::level::info};
  static constexpr ial::throttle_info throttle{3, std::chrono::hours(1)};
  std::uint64_t seq;
};

struct LoginRejected {
  static constexpr ial::event_info event{"login_rejected", ial::level::warning};
  static constexpr ial::throttle_info throttle{2, std::chrono::hours(1), "user"};
  std::string_view user;
  std::uint64_t seq;
};

struct Tick {
  static constexpr ial::event_info event{"tick", ial::level::info};
  static constexpr ial::throttle_info throttle{2, std::chrono::milliseconds(200)};
  std::uint64_t seq;
};

}  // namespace

TEST_CASE("throttle: N lines per interval, the rest counted, exact counts across threads", "[guide][throttle]") {
  const auto path = test_support::configure("guide");
  auto log = ial::get_logger("guide");
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([&] {
      for (std::uint64_t i = 0; i < 2500; ++i) log.log(CacheMissed{i});
    });
  for (auto& t : pool) t.join();
  ial::flush();
  const auto lines = test_support::read_lines(path);
  // An hour-long window: 3 lines, then nothing until flush() writes the count held back.
  REQUIRE(lines.size() == 4);
  for (int i = 0; i < 3; ++i) CHECK(test_support::fields(lines[i]).count("suppressed") == 0);
  CHECK(test_support::body(lines[3]) == "level=INFO logger=guide msg=cache_missed suppressed=9997");
}

namespace {
struct Burst {
  static constexpr ial::event_info event{"burst", ial::level::info};
  static constexpr ial::throttle_info throttle{5, std::chrono::seconds(10)};
  std::uint64_t seq;
};

// Lines of msg=burst: how many carry a seq, and the sum of their suppressed counts.
std::pair<std::size_t, std::uint64_t> burst_lines(const std::filesystem::path& path) {
  std::size_t with_seq = 0;
  std::uint64_t suppressed = 0;
  for (const auto& l : test_support::read_lines(path)) {
    auto f = test_support::fields(l);
    if (f["msg"] != "burst") continue;
    with_seq += f.count("seq");
    if (f.count("suppressed")) suppressed += std::stoull(f["suppressed"]);
  }
  return {with_seq, suppressed};
}
}  // namespace

TEST_CASE("throttle: flush() writes the count no later line carried", "[guide][throttle]") {
  const auto path = test_support::configure("guide");
  auto log = ial::get_logger("guide.burst");
  for (std::uint64_t i = 0; i < 100; ++i) log.log(Burst{i});
  ial::flush();
  const auto [written, suppressed] = burst_lines(path);
  CHECK(written == 5);
  CHECK(written + suppressed == 100);
  const auto lines = test_support::read_lines(path);
  REQUIRE_FALSE(lines.empty());
  CHECK(test_support::body(lines.back()) == "level=INFO logger=guide.burst msg=burst suppressed=95");
  // Written once: a second flush has nothing left to write.
  ial::flush();
  CHECK(test_support::read_lines(path).size() == lines.size());
}

TEST_CASE("throttle: a burst right before exit keeps its count", "[guide][throttle]") {
  const auto root = test_support::fresh_root("burst-exit");
  const std::string cmd = std::string(IAL_TEST_CHILD) + " burst " + root.string() + " 100";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const auto [written, suppressed] = burst_lines(root / "child" / "child.log");
  CHECK(written == 5);
  CHECK(written + suppressed == 100);
}

TEST_CASE("throttle: the next line after a suppressed run carries suppressed=K", "[guide][throttle]") {
  const auto path = test_support::configure("guide");
  auto log = ial::get_logger("guide");
  // Wait for the start of a 200 ms window so the first 2 + 5 calls share it.
  const auto window = [] {
    return std::chrono::steady_clock::now().time_since_epoch() / std::chrono::milliseconds(200);
  };
  for (const auto w = window(); window() == w;) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  for (std::uint64_t i = 0; i < 7; ++i) log.log(Tick{i});
  for (const auto w = window(); window() == w;) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  log.log(Tick{7});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 3);
  CHECK(test_support::body(lines[0]) == "level=INFO logger=guide msg=tick seq=0");
  CHECK(test_support::body(lines[1]) == "level=INFO logger=guide msg=tick seq=1");
  CHECK(test_support::body(lines[2]) == "level=INFO logger=guide msg=tick seq=7 suppressed=5");
}

TEST_CASE("throttle by key: each key value has its own budget", "[guide][throttle]") {
  const auto path = test_support::configure("guide");
  auto log = ial::get_logger("guide");
  for (std::uint64_t i = 0; i < 5; ++i) {
    log.log(LoginRejected{"alice", i});
    log.log(LoginRejected{"bob", i});
  }
  ial::flush();
  std::map<std::string, int> per_user;
  for (const auto& l : test_support::read_lines(path)) ++per_user[test_support::fields(l)["user"]];
  // "alice" and "bob" land in different budgets (checked: their hashes differ mod 64).
  REQUIRE(ial::detail::throttle_state<LoginRejected>::slot_of(LoginRejected{"alice", 0}) !=
          ial::detail::throttle_state<LoginRejected>::slot_of(LoginRejected{"bob", 0}));
  CHECK(per_user["alice"] == 2);
  CHECK(per_user["bob"] == 2);
}

namespace {

struct HeartbeatSent {
  static constexpr ial::event_info event{"heartbeat_sent", ial::level::info};
  static constexpr ial::aggregate_info aggregate{std::chrono::hours(1)};
  std::uint64_t bytes;
  std::chrono::microseconds took;
  double load;
  std::int32_t delta;
};

struct PollDone {
  static constexpr ial::event_info event{"poll_done", ial::level::info};
  static constexpr ial::aggregate_info aggregate{std::chrono::milliseconds(200)};
  std::uint32_t items;
};

}  // namespace

TEST_CASE("aggregate: counted and summed on the calling threads, exact, one line at shutdown", "[guide][aggregate]") {
  const auto path = test_support::configure("guide");
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([t] {
      auto log = ial::get_logger("guide.net");
      for (std::uint64_t i = 1; i <= 1000; ++i)
        log.log(HeartbeatSent{i, std::chrono::microseconds(t), 0.5, t % 2 ? -1 : 1});
    });
  for (auto& t : pool) t.join();
  ial::flush();
  CHECK(test_support::read_lines(path).empty());  // nothing until the interval ends
  ial::shutdown();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 1);
  auto f = test_support::fields(lines[0]);
  CHECK(f["msg"] == "heartbeat_sent");
  CHECK(f["logger"] == "guide.net");
  CHECK(f["count"] == "4000");
  CHECK(f["bytes"] == std::to_string(4 * 500500));
  CHECK(f["took"] == "6000us");  // (0 + 1 + 2 + 3) x 1000
  CHECK(f["load"] == "2000");
  CHECK(f["delta"] == "0");
  CHECK(std::stod(f["interval_s"]) < 3600);  // the last line: the time since the start
}

TEST_CASE("aggregate: one line per interval, with interval_s", "[guide][aggregate]") {
  const auto path = test_support::configure("guide");
  auto log = ial::get_logger("guide");
  for (std::uint32_t i = 0; i < 5; ++i) log.log(PollDone{i});
  std::vector<std::string> lines;
  for (int waited = 0; lines.empty() && waited < 5000; waited += 10) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ial::flush();
    lines = test_support::read_lines(path);
  }
  REQUIRE(lines.size() == 1);
  CHECK(test_support::body(lines[0]) == "level=INFO logger=guide msg=poll_done count=5 interval_s=0.2 items=10");
}
