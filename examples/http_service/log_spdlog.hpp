// The benchmark's peer: the same lines, built with fmt and written by spdlog's
// async logger to a file (one background thread, its default queue of 8192,
// blocking when full). Levels from ORDERS_LOG_LEVEL like ours. What ours does
// for free is done by hand here: the context's keys on each line, the
// Authorization fingerprint (the same SHA-256), the context carried into the
// worker. Not done: throttling and aggregation (a 429 or a downstream failure
// is a line each). TRACE lines are left without their context.
#pragma once

#include "request_info.hpp"

#include <instrukt_ai/logging/detail/record/codec_wrappers.hpp>  // the fingerprint ours writes
#include <instrukt_ai/logging/exception_text.hpp>

#include <httplib.h>
#include <spdlog/async.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>

namespace orders {

class log_spdlog {
 public:
  log_spdlog(bool access_log, const std::string& file) : access_(access_log), file_(file) {
    spdlog::init_thread_pool(8192, 1);
    log_ = spdlog::create_async<spdlog::sinks::basic_file_sink_mt>("orders", file);
    log_->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%fZ %v",
                                                                     spdlog::pattern_time_type::utc));
    const char* level = std::getenv("ORDERS_LOG_LEVEL");
    log_->set_level(level ? spdlog::level::from_str(lower(level)) : spdlog::level::info);
  }
  ~log_spdlog() { spdlog::shutdown(); }

  std::string file() const { return file_; }
  void started(std::string_view address, std::uint16_t port, std::uint32_t threads) const {
    log_->info("level=INFO logger=orders msg=service_started version=1.0.0 address={} port={} threads={}", address,
               port, threads);
  }
  void stopped(std::uint64_t requests, std::chrono::milliseconds uptime) const {
    log_->info("level=INFO logger=orders msg=service_stopped requests={} uptime={}ms", requests, uptime.count());
    log_->flush();
  }

  template <class Handler>
  void serve(const httplib::Request& req, const httplib::Response& res, const request_info& info,
             std::string_view method, std::string_view route, Handler&& handle) const {
    const auto start = std::chrono::steady_clock::now();
    request_ = &info;
    const outcome out = handle();
    request_ = nullptr;
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const auto level = out.exception ? spdlog::level::err : out.error.empty() ? spdlog::level::debug : spdlog::level::warn;
    if (log_->should_log(level)) {
      const std::string failure =
          level == spdlog::level::debug
              ? std::string()
              : fmt::format(" outcome=failed error=\"{}\"",
                            out.exception ? ial::describe_exception(out.exception) : out.error);
      log_->log(level,
                "level={} logger=orders.http msg=request_served method={} route={} status={} bytes={} "
                "duration_ms={:.3f}{} trace_id={} span_id={} request_id={} tenant={}",
                level_name(level), method, route, res.status, res.body.size(), ms, failure, info.span.trace_id(),
                info.span.span_id(), info.request_id, info.tenant);
    }
    if (access_ && log_->should_log(spdlog::level::info)) {
      // As ours writes it: the fingerprint, or null without the header.
      std::string authorization = "null";
      if (info.credentials) {
        const auto f = ial::detail::fingerprint_of(*info.credentials);
        authorization = fmt::format("sha256:{:02x}{:02x}{:02x}{:02x}", f[0], f[1], f[2], f[3]);
      }
      log_->info(
          "level=INFO logger=orders.http msg=http_access method={} route={} status={} bytes={} duration_ms={:.3f} "
          "remote_addr={} auth_scheme={} authorization={} trace_id={} span_id={} "
          "request_id={} tenant={}",
          method, route, res.status, res.body.size(), ms, req.remote_addr, info.auth_scheme, authorization,
          info.span.trace_id(), info.span.span_id(), info.request_id, info.tenant);
    }
  }

  // The context a worker's lines need, copied by hand (ours: capture_context()).
  struct carried {
    std::string trace_id, span_id, request_id, tenant;
  };
  struct entered {
    const carried* outer;
    explicit entered(const carried& c) : outer(worker_context_) { worker_context_ = &c; }
    entered(const entered&) = delete;
    ~entered() { worker_context_ = outer; }
  };
  carried capture() const {
    const auto* i = request_;
    return i ? carried{std::string(i->span.trace_id()), std::string(i->span.span_id()), i->request_id, i->tenant}
             : carried{};
  }
  entered enter(const carried& c) const { return entered{c}; }

  void order_received(std::string_view body) const {
    log_->trace("level=TRACE logger=orders.http msg=order_received body=\"{}\"", body);
  }
  void order_created(std::uint64_t id, std::string_view sku, std::uint32_t quantity) const {
    log_->trace("level=TRACE logger=orders.http msg=order_created order_id={} sku={} quantity={}", id, sku, quantity);
  }
  void rate_limited(std::uint32_t rate, std::uint32_t burst) const {
    const auto* i = request_;
    log_->warn("level=WARNING logger=orders.http msg=rate_limited limit_per_s={} burst={} trace_id={} span_id={} "
               "request_id={} tenant={}",
               rate, burst, i->span.trace_id(), i->span.span_id(), i->request_id, i->tenant);
  }
  void downstream_called(std::string_view service, std::chrono::microseconds took, bool ok) const {
    log_->trace("level=TRACE logger=orders.downstream msg=downstream_called service={} took={}us ok={}", service,
                took.count(), ok);
  }
  void downstream_failed(std::chrono::microseconds took) const {
    const auto* c = worker_context_;
    log_->warn("level=WARNING logger=orders.downstream msg=downstream_failed took={}us trace_id={} span_id={} "
               "request_id={} tenant={}",
               took.count(), c->trace_id, c->span_id, c->request_id, c->tenant);
  }

 private:
  static std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s == "warning" ? "warn" : s == "error" ? "err" : s;
  }
  static std::string_view level_name(spdlog::level::level_enum l) {
    return l == spdlog::level::err ? "ERROR" : l == spdlog::level::warn ? "WARNING" : "DEBUG";
  }

  static inline thread_local const request_info* request_ = nullptr;  // the request this thread serves
  static inline thread_local const carried* worker_context_ = nullptr; // the one a worker entered
  bool access_;
  std::string file_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace orders
