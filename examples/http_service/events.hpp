// The order service's events and its request context: its whole logging
// vocabulary. The build writes the catalog (orders.catalog.json) and describes
// each plain event once for the program (orders_descriptors, docs/catalogs.md).
#pragma once

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/catalog.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace orders {

namespace ial = instrukt_ai::logging;

// In scope for the whole handler, carried into the downstream worker: every
// line a request causes says which request and tenant it is from.
struct Request {
  static constexpr ial::context_info context{"request"};
  ial::id<std::string_view> request_id;  // X-Request-Id, or one the service makes
  std::string_view tenant;               // X-Tenant, or "-"
};

struct ServiceStarted {
  static constexpr ial::event_info event{"service_started", ial::level::info};
  std::string_view version;
  std::string_view address;
  std::uint16_t port;
  std::uint32_t threads;
};

struct ServiceStopped {
  static constexpr ial::event_info event{"service_stopped", ial::level::info};
  std::uint64_t requests;
  std::chrono::milliseconds uptime;
};

// One per request: DEBUG when it succeeded (4xx/5xx: WARNING/ERROR with the
// error), with duration_ms (docs/guide.md, "one line per operation").
struct RequestServed {
  static constexpr ial::operation_info event{"request_served"};
  std::string_view method;
  std::string_view route;  // the route's pattern, not the path: "/orders/{id}"
  std::uint16_t status = 0;
  std::uint64_t bytes = 0;  // the response body's
};

// The access log (--access-log): one INFO line per request, as many services keep.
// The Authorization header only as a fingerprint: equal credentials correlate.
struct HttpAccess {
  static constexpr ial::event_info event{"http_access", ial::level::info};
  std::string_view method;
  std::string_view route;
  std::uint16_t status;
  std::uint64_t bytes;
  double duration_ms;
  std::string_view remote_addr;
  std::string_view auth_scheme;  // "Bearer", "Basic", ... or "none"
  std::optional<ial::redacted<std::string_view, ial::redaction::fingerprint>> authorization;  // none: no header
};

// A new order's body, whole: TRACE only (the guide: no payloads above TRACE).
struct OrderReceived {
  static constexpr ial::event_info event{"order_received", ial::level::trace};
  ial::payload<std::string_view> body;
};

struct OrderCreated {
  static constexpr ial::event_info event{"order_created", ial::level::trace};
  std::uint64_t order_id;
  std::string_view sku;
  std::uint32_t quantity;
};

// A 429: at most 5 lines a second, the rest counted (suppressed=N).
struct RateLimited {
  static constexpr ial::event_info event{"rate_limited", ial::level::warning};
  static constexpr ial::throttle_info throttle{5, std::chrono::seconds(1)};
  std::uint32_t limit_per_s;
  std::uint32_t burst;
};

// The simulated inventory call, on a downstream worker thread, in the request's context.
struct DownstreamCalled {
  static constexpr ial::event_info event{"downstream_called", ial::level::trace};
  std::string_view service;
  std::chrono::microseconds took;
  bool ok;
};

// Downstream failures, one line per interval: count=, interval_s= and the sum of took.
struct DownstreamFailed {
  static constexpr ial::event_info event{"downstream_failed", ial::level::warning};
  static constexpr ial::aggregate_info aggregate{std::chrono::seconds(10)};
  std::chrono::microseconds took;
};

struct orders_events : ial::catalog<ServiceStarted, ServiceStopped, RequestServed, HttpAccess, OrderReceived,
                                    OrderCreated, RateLimited, DownstreamCalled, DownstreamFailed, Request,
                                    ial::trace_keys> {};

}  // namespace orders
