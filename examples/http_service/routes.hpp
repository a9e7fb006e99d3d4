// The order API, written once for every logging variant (`Log`: log_ours.hpp,
// log_spdlog.hpp, log_none.hpp):
//   GET  /health        200
//   POST /orders        201 {"id":..}; 400 bad body; 429 over the tenant's rate;
//                       503 when the downstream (inventory) call fails
//   GET  /orders/{id}   200, or 404 (also another tenant's order)
#pragma once

#include "downstream.hpp"
#include "order_json.hpp"
#include "order_store.hpp"
#include "request_info.hpp"
#include "token_bucket.hpp"

#include <httplib.h>

#include <charconv>
#include <stdexcept>
#include <variant>

namespace orders {

struct service_state {
  order_store store;
  token_buckets buckets;
  downstream_settings downstream;
  downstream_pool pool{downstream.workers};

  service_state(std::uint32_t rate, std::uint32_t burst, downstream_settings d)
      : buckets(rate, burst), downstream(d) {}
};

inline constexpr const char* json_type = "application/json";

inline outcome refuse(httplib::Response& res, int status, std::string error) {
  res.status = status;
  res.set_content(error_json(error), json_type);
  return {std::move(error), nullptr};
}

// Before any order route: a valid tenant, and a token from its bucket.
// A 429 is not the request's failure (the limit did its job): its line stays at
// the success level, and the throttled rate_limited line reports it.
template <class Log>
bool admitted(service_state& s, Log& log, const request_info& info, httplib::Response& res, outcome& out) {
  if (!info.tenant_valid) {
    out = refuse(res, 400, "X-Tenant: 1 to 32 of A-Z a-z 0-9 . _ -");
    return false;
  }
  if (s.buckets.take(info.tenant)) return true;
  log.rate_limited(s.buckets.rate(), s.buckets.burst());
  res.status = 429;
  res.set_header("Retry-After", "1");
  res.set_content(error_json("rate limited"), json_type);
  return false;
}

// The stock reservation, on a downstream worker, in the request's context.
template <class Log>
void reserve_downstream(service_state& s, Log& log) {
  auto call = s.pool.submit([&s, &log, carried = log.capture()] {
    [[maybe_unused]] const auto scope = log.enter(carried);  // the request's contexts, on this worker
    bool ok = false;
    const auto took = reserve_stock(s.downstream, ok);
    log.downstream_called("inventory", took, ok);
    if (!ok) {
      log.downstream_failed(took);
      throw std::runtime_error("inventory: reservation failed (simulated)");
    }
  });
  call.get();  // its exception, here
}

template <class Log>
outcome create_order(service_state& s, Log& log, const httplib::Request& req, httplib::Response& res,
                     const request_info& info) {
  outcome out;
  if (!admitted(s, log, info, res, out)) return out;
  log.order_received(req.body);
  auto parsed = parse_order(req.body);
  if (auto* error = std::get_if<std::string>(&parsed)) return refuse(res, 400, std::move(*error));
  auto& o = std::get<order_request>(parsed);
  if (draw() < s.downstream.slow_fraction) {
    try {
      reserve_downstream(s, log);
    } catch (...) {
      res.status = 503;
      res.set_header("Retry-After", "1");
      res.set_content(error_json("inventory unavailable"), json_type);
      return {{}, std::current_exception()};
    }
  }
  const order created{0, info.tenant, std::move(o.sku), o.quantity};
  const auto id = s.store.add(created);
  log.order_created(id, created.sku, created.quantity);
  res.status = 201;
  res.set_content(order_json({id, created.tenant, created.sku, created.quantity}), json_type);
  return out;
}

template <class Log>
outcome get_order(service_state& s, Log& log, const httplib::Request& req, httplib::Response& res,
                  const request_info& info) {
  outcome out;
  if (!admitted(s, log, info, res, out)) return out;
  const std::string& digits = req.matches[1];
  std::uint64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  const auto found = ec == std::errc() ? s.store.find(id, info.tenant) : std::nullopt;
  if (!found) return refuse(res, 404, "order not found");
  res.status = 200;
  res.set_content(order_json(*found), json_type);
  return out;
}

// Every route: its request's trace and ids read, the response's headers set,
// then the handler, inside what the variant logs around it.
template <class Log, class Handler>
void serve(Log& log, const httplib::Request& req, httplib::Response& res, std::string_view method,
           std::string_view route, Handler&& handle) {
  const request_info info(req);
  info.answer_headers(res);
  log.serve(req, res, info, method, route, [&] { return handle(info); });
}

template <class Log>
void add_routes(httplib::Server& server, service_state& s, Log& log) {
  server.Get("/health", [&](const httplib::Request& req, httplib::Response& res) {
    serve(log, req, res, "GET", "/health", [&](const request_info&) {
      res.status = 200;
      res.set_content(R"({"status":"ok"})", json_type);
      return outcome{};
    });
  });
  server.Post("/orders", [&](const httplib::Request& req, httplib::Response& res) {
    serve(log, req, res, "POST", "/orders",
          [&](const request_info& info) { return create_order(s, log, req, res, info); });
  });
  server.Get(R"(/orders/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    serve(log, req, res, "GET", "/orders/{id}",
          [&](const request_info& info) { return get_order(s, log, req, res, info); });
  });
}

}  // namespace orders
