// The service with no logging: the benchmark's baseline. The trace and
// request id still travel (routes.hpp: they are the API's, not the log's).
#pragma once

#include "request_info.hpp"

#include <httplib.h>

#include <chrono>
#include <string>

namespace orders {

class log_none {
 public:
  std::string file() const { return {}; }
  void started(std::string_view, std::uint16_t, std::uint32_t) const {}
  void stopped(std::uint64_t, std::chrono::milliseconds) const {}

  template <class Handler>
  void serve(const httplib::Request&, const httplib::Response&, const request_info&, std::string_view,
             std::string_view, Handler&& handle) const {
    (void)handle();
  }

  struct nothing {};
  nothing capture() const { return {}; }
  nothing enter(nothing) const { return {}; }
  void order_received(std::string_view) const {}
  void order_created(std::uint64_t, std::string_view, std::uint32_t) const {}
  void rate_limited(std::uint32_t, std::uint32_t) const {}
  void downstream_called(std::string_view, std::chrono::microseconds, bool) const {}
  void downstream_failed(std::chrono::microseconds) const {}
};

}  // namespace orders
