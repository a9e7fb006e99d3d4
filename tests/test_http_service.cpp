// The order service (examples/http_service) run for real on loopback: a few
// hundred requests of each kind through cpp-httplib's client, then its log
// read back as an operator would.
#include "support/command.hpp"
#include "support/log_file.hpp"
#include "support/process.hpp"

#include <instrukt_ai/logging/trace_context.hpp>

#include <catch2/catch.hpp>
#include <httplib.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace ial = instrukt_ai::logging;
using namespace std::chrono_literals;
using test_support::fields;
using test_support::run_command;

// One request as sent, and what came back.
struct exchange {
  std::string request_id;   // sent as X-Request-Id: the key to its lines
  std::string traceparent;  // sent, or empty (the service makes a new root)
  std::string token;        // sent as "Authorization: Bearer <token>", or empty
  int status = 0;
  std::string answer_traceparent;
};

struct sender {
  httplib::Client client;
  std::mt19937_64 rng{42};
  std::vector<exchange> sent;
  int next = 0;

  explicit sender(int port) : client("127.0.0.1", port) { client.set_read_timeout(10, 0); }

  std::string hex(std::size_t digits) {
    std::string s;
    while (s.size() < digits) s += "0123456789abcdef"[rng() % 16];
    return s;
  }
  // Sends one request; returns its body. `traced`: with a traceparent header.
  std::string send(const std::string& method, const std::string& path, const std::string& tenant, bool traced,
                   const std::string& body = {}) {
    exchange e;
    e.request_id = "t-" + std::to_string(next++);
    if (traced) e.traceparent = "00-" + hex(32) + "-" + hex(16) + "-01";
    if (next % 3 == 0) e.token = "sk-live-" + hex(24);
    httplib::Headers headers{{"X-Request-Id", e.request_id}, {"X-Tenant", tenant}};
    if (traced) headers.emplace("traceparent", e.traceparent);
    if (!e.token.empty()) headers.emplace("Authorization", "Bearer " + e.token);
    const auto r = method == "POST" ? client.Post(path.c_str(), headers, body, "application/json")
                                    : client.Get(path.c_str(), headers);
    REQUIRE(r);
    e.status = r->status;
    e.answer_traceparent = r->get_header_value("traceparent");
    sent.push_back(e);
    return r->body;
  }
};

std::string tenant_of(int i) { return "tenant-" + std::to_string(i % 100); }

// The lines of each request, by request_id.
std::map<std::string, std::vector<std::map<std::string, std::string>>> by_request(const std::vector<std::string>& lines) {
  std::map<std::string, std::vector<std::map<std::string, std::string>>> out;
  for (const auto& l : lines) {
    auto f = fields(l);
    if (f.count("request_id")) out[f["request_id"]].push_back(std::move(f));
  }
  return out;
}

}  // namespace

TEST_CASE("http service: one operation line per request with its status, its trace, no secret in clear, "
          "429s throttled, downstream failures aggregated",
          "[http]") {
  const auto root = test_support::fresh_root("http");
  const int port = test_support::free_port();
  ::setenv("INSTRUKT_AI_LOG_ROOT", root.c_str(), 1);
  ::setenv("ORDERS_LOG_LEVEL", "TRACE", 1);
  test_support::child_process service;
  service.run({IAL_ORDERS_SERVICE, "--port", std::to_string(port), "--access-log", "--rate-limit", "20", "--burst",
               "10", "--slow-fraction", "0.3", "--failure-fraction", "0.3", "--downstream-ms", "1"},
              root / "service.out");
  ::unsetenv("INSTRUKT_AI_LOG_ROOT");
  ::unsetenv("ORDERS_LOG_LEVEL");
  REQUIRE(test_support::wait_for(20s, [&] { return test_support::listening(port); }));

  sender s(port);
  std::vector<std::pair<std::string, std::string>> orders;  // id, tenant
  // 300 new orders over 100 tenants (3 each: under the burst of 10), traced or not.
  for (int i = 0; i < 300; ++i) {
    const auto body = s.send("POST", "/orders", tenant_of(i), i % 2 == 0,
                             R"({"sku":"A-)" + std::to_string(i) + R"(","quantity":)" + std::to_string(1 + i % 9) + "}");
    if (s.sent.back().status == 201) orders.emplace_back(std::to_string(std::stoll(body.substr(6))), tenant_of(i));
  }
  for (int i = 0; i < 200; ++i) {  // found, or another tenant's (404)
    const auto& [id, tenant] = orders[i % orders.size()];
    s.send("GET", "/orders/" + id, i % 4 == 0 ? "someone-else" : tenant, i % 2 == 1);
  }
  const std::vector<std::string> bad = {"not json", "[1,2]", R"({"sku":"A-1"})", R"({"sku":"","quantity":1})",
                                        R"({"sku":"A 1","quantity":1})", R"({"sku":"A-1","quantity":0})"};
  for (int i = 0; i < 200; ++i) s.send("POST", "/orders", tenant_of(i + 50), i % 2 == 0, bad[i % bad.size()]);
  for (int i = 0; i < 200; ++i) s.send("GET", "/health", "-", i % 2 == 0);
  for (int i = 0; i < 200; ++i) s.send("GET", "/orders/1", "flood", i % 2 == 0);  // over its rate: 429s
  const int stopped = service.stop();
  REQUIRE(stopped == 0);

  std::map<int, int> statuses;
  for (const auto& e : s.sent) ++statuses[e.status];
  CHECK(statuses[201] > 0);
  CHECK(statuses[200] > 0);
  CHECK(statuses[400] >= 200);
  CHECK(statuses[404] > 0);
  CHECK(statuses[429] >= 100);  // 200 at a tenant allowed 20 a second after a burst of 10
  CHECK(statuses[503] > 0);  // 300 orders x 0.3 x 0.3: about 27
  const auto out = test_support::read_all(root / "service.out");
  CHECK(out.find("\"requests\":" + std::to_string(s.sent.size()) + ",") != std::string::npos);

  const auto log = root / "orders" / "orders.log";
  const auto lines = test_support::read_lines(log);
  const auto lines_of = by_request(lines);

  {  // the catalog checks its log clean
    const auto r = run_command(std::string(IAL_CATALOG_TOOL) + " check " + IAL_ORDERS_CATALOG + " " + log.string());
    CHECK(r.status == 0);
    CHECK(r.out.find(std::to_string(lines.size()) + " lines, 0 findings") != std::string::npos);
  }

  {  // each request: exactly one request_served line with its status, at its level; one access line
    for (const auto& e : s.sent) {
      INFO(e.request_id);
      REQUIRE(lines_of.count(e.request_id) == 1);
      int served = 0, access = 0;
      for (const auto& f : lines_of.at(e.request_id)) {
        if (f.at("msg") == "request_served") {
          ++served;
          CHECK(f.at("status") == std::to_string(e.status));
          const char* level = e.status >= 500 ? "ERROR" : e.status >= 400 && e.status != 429 ? "WARNING" : "DEBUG";
          CHECK(f.at("level") == level);
          CHECK(f.count("duration_ms") == 1);
          if (e.status >= 400 && e.status != 429) CHECK(f.count("error") == 1);
        }
        if (f.at("msg") == "http_access") {
          ++access;
          if (e.token.empty()) CHECK(f.at("authorization") == "null");
          else CHECK(f.at("authorization").rfind("sha256:", 0) == 0);
        }
      }
      CHECK(served == 1);
      CHECK(access == 1);
    }
  }

  {  // each request's lines carry its trace: the caller's trace id, the span the response names
    for (const auto& e : s.sent) {
      INFO(e.request_id << " " << e.traceparent << " -> " << e.answer_traceparent);
      const auto answer = ial::trace_context::from_traceparent(e.answer_traceparent);
      REQUIRE(answer);
      if (!e.traceparent.empty()) {
        const auto parent = ial::trace_context::from_traceparent(e.traceparent);
        REQUIRE(parent);
        CHECK(answer->trace_id() == parent->trace_id());  // a child: the same trace
        CHECK(answer->span_id() != parent->span_id());    // its own span
      }
      for (const auto& f : lines_of.at(e.request_id)) {
        CHECK(f.at("trace_id") == answer->trace_id());
        CHECK(f.at("span_id") == answer->span_id());
      }
    }
  }

  {  // the downstream worker's lines carry the request's context (capture_context)
    for (const auto& e : s.sent) {
      if (e.status != 503) continue;
      INFO(e.request_id);
      bool failed_call = false;
      for (const auto& f : lines_of.at(e.request_id))
        failed_call |= f.at("msg") == "downstream_called" && f.at("ok") == "false" && f.at("logger") == "orders.downstream";
      CHECK(failed_call);
    }
  }

  {  // Authorization never appears in clear
    const auto text = test_support::read_all(log);
    for (const auto& e : s.sent)
      if (!e.token.empty()) CHECK(text.find(e.token) == std::string::npos);
    CHECK(text.find("Bearer sk-") == std::string::npos);
  }

  {  // 429s: throttled lines plus their suppressed counts add up to the 429s sent
    long long lines_429 = 0, counted = 0;
    for (const auto& l : lines) {
      auto f = fields(l);
      if (f["msg"] != "rate_limited") continue;
      if (f.count("limit_per_s")) ++lines_429;
      if (f.count("suppressed")) counted += std::stoll(f["suppressed"]);
    }
    CHECK(lines_429 < statuses[429]);  // throttled: 5 a second
    CHECK(lines_429 + counted == statuses[429]);
  }

  {  // downstream failures: aggregated lines whose counts add up to the 503s
    long long agg_lines = 0, count = 0;
    for (const auto& l : lines) {
      auto f = fields(l);
      if (f["msg"] != "downstream_failed") continue;
      ++agg_lines;
      count += std::stoll(f["count"]);
    }
    CHECK(agg_lines >= 1);
    CHECK(agg_lines < statuses[503]);
    CHECK(count == statuses[503]);
  }

  {  // instrukt-ai-logs --where finds a request's lines by request_id
    const auto& e = s.sent[150];
    const auto r = run_command(std::string(IAL_LOGS_TOOL) + " orders --root " + root.string() +
                               " --no-color --since 1h --where request_id=" + e.request_id);
    CHECK(r.status == 0);
    std::size_t printed = 0;
    for (std::size_t at = 0, nl; (nl = r.out.find('\n', at)) != std::string::npos; at = nl + 1) {
      ++printed;
      CHECK(fields(r.out.substr(at, nl - at))["request_id"] == e.request_id);
    }
    CHECK(printed == lines_of.at(e.request_id).size());
  }
}
