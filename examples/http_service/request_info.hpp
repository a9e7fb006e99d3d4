// What every variant takes from a request's headers: its trace (W3C
// traceparent; the service's span is a child of the caller's), its id and
// tenant, and how it authenticates. The response carries traceparent and
// X-Request-Id back, logging or not.
#pragma once

#include <instrukt_ai/logging/trace_context.hpp>

#include <httplib.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace orders {

namespace ial = instrukt_ai::logging;

// A header value made of [A-Za-z0-9._-] only, 1 to `max` of them.
inline bool plain_token(std::string_view v, std::size_t max) {
  if (v.empty() || v.size() > max) return false;
  for (const char c : v)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

struct request_info {
  ial::trace_context span;  // this service's span: a child of the caller's, or a new root
  std::string request_id;   // X-Request-Id when it is a plain token of up to 64, else a new one
  std::string tenant;       // X-Tenant (a plain token of up to 32), "-" when absent
  bool tenant_valid = true;
  std::string_view auth_scheme = "none";  // the Authorization header's first word
  std::optional<std::string_view> credentials;  // what follows it, when the header came: never logged in clear

  explicit request_info(const httplib::Request& req)
      : span(ial::trace_context::from_traceparent(req.get_header_value("traceparent"))
                 .value_or(ial::trace_context::new_root())
                 .child()) {
    const auto& id = req.get_header_value("X-Request-Id");
    request_id = plain_token(id, 64) ? id : new_request_id();
    const auto& t = req.get_header_value("X-Tenant");
    if (!t.empty()) {
      tenant_valid = plain_token(t, 32);
      tenant = tenant_valid ? t : "invalid";
    } else {
      tenant = "-";
    }
    const auto it = req.headers.find("Authorization");
    if (it != req.headers.end()) {
      const std::string_view v = it->second;
      const auto space = v.find(' ');
      auth_scheme = space == std::string_view::npos ? std::string_view("unknown") : v.substr(0, space);
      credentials = space == std::string_view::npos ? v : v.substr(space + 1);
    }
  }

  void answer_headers(httplib::Response& res) const {
    res.set_header("traceparent", span.traceparent());
    res.set_header("X-Request-Id", request_id);
  }

 private:
  static std::string new_request_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    char text[19];
    std::snprintf(text, sizeof text, "r-%016llx", static_cast<unsigned long long>(rng()));
    return text;
  }
};

// How a handler ended, for the request's line: a 4xx's reason, or a 5xx's exception.
struct outcome {
  std::string error;             // WARNING: the client's mistake
  std::exception_ptr exception;  // ERROR: ours (or a downstream's)
};

}  // namespace orders
