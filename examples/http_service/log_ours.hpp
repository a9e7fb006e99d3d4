// The service logging through instrukt-ai-logging, as the guide says: the
// trace and a Request context in scope for the whole handler (carried into
// the downstream worker), one operation line per request, an optional access
// line, 429s throttled, downstream failures aggregated.
#pragma once

#include "request_info.hpp"

#include <orders_descriptors.hpp>  // events.hpp, each event described once

#include <httplib.h>

#include <chrono>
#include <filesystem>

namespace orders {

class log_ours {
 public:
  // configure_logging("orders"): levels from ORDERS_LOG_LEVEL, the flight
  // recorder from ORDERS_FLIGHT_RECORDER (docs/configuration.md, control.md).
  explicit log_ours(bool access_log) : access_(access_log), path_(ial::configure_logging("orders")) {}

  std::string file() const { return path_.native(); }
  void started(std::string_view address, std::uint16_t port, std::uint32_t threads) const {
    life_.log(ServiceStarted{"1.0.0", address, port, threads});
  }
  void stopped(std::uint64_t requests, std::chrono::milliseconds uptime) const {
    life_.log(ServiceStopped{requests, uptime});
    ial::flush();
  }

  // Around one request's handler (routes.hpp): its trace and Request context in scope, its operation.
  template <class Handler>
  void serve(const httplib::Request& req, const httplib::Response& res, const request_info& info,
             std::string_view method, std::string_view route, Handler&& handle) const {
    const auto start = std::chrono::steady_clock::now();
    ial::scoped_context trace{info.span};
    ial::scoped_context request{Request{{info.request_id}, info.tenant}};
    {
      auto op = http_.operation(RequestServed{method, route});
      const outcome out = handle();
      op->status = static_cast<std::uint16_t>(res.status);
      op->bytes = res.body.size();
      if (out.exception) op.fail(out.exception);
      else if (!out.error.empty()) op.fail(out.error);
    }
    if (access_)
      http_.log(HttpAccess{method, route, static_cast<std::uint16_t>(res.status), res.body.size(),
                           std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(),
                           req.remote_addr, info.auth_scheme, authorization(info)});
  }

  // The request's contexts, for a worker thread: enter() opens them there.
  ial::captured_context capture() const { return ial::capture_context(); }
  ial::scoped_context enter(const ial::captured_context& c) const { return ial::scoped_context{c}; }

  void order_received(std::string_view body) const { http_.log(OrderReceived{{body}}); }
  void order_created(std::uint64_t id, std::string_view sku, std::uint32_t quantity) const {
    http_.log(OrderCreated{id, sku, quantity});
  }
  void rate_limited(std::uint32_t rate, std::uint32_t burst) const { http_.log(RateLimited{rate, burst}); }
  void downstream_called(std::string_view service, std::chrono::microseconds took, bool ok) const {
    downstream_.log(DownstreamCalled{service, took, ok});
  }
  void downstream_failed(std::chrono::microseconds took) const { downstream_.log(DownstreamFailed{took}); }

 private:
  static std::optional<ial::redacted<std::string_view, ial::redaction::fingerprint>> authorization(
      const request_info& info) {
    if (!info.credentials) return std::nullopt;
    return ial::redacted<std::string_view, ial::redaction::fingerprint>{*info.credentials};
  }

  bool access_;
  std::filesystem::path path_;
  ial::catalog_logger<orders_events> life_ = ial::get_logger<orders_events>("orders");
  ial::catalog_logger<orders_events> http_ = ial::get_logger<orders_events>("orders.http");
  ial::catalog_logger<orders_events> downstream_ = ial::get_logger<orders_events>("orders.downstream");
};

}  // namespace orders
