#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/catalog.hpp>
namespace ial = instrukt_ai::logging;
struct Request {
  static constexpr ial::context_info context{"request"};
  ial::id<std::string_view> request_id;
  std::string_view tenant;
};
struct Billed {
  static constexpr ial::event_info event{"billed", ial::level::info};
  std::string_view tenant;
  int cents;
};
struct billing_events : ial::catalog<Billed, Request> {};
void f() { ial::get_logger<billing_events>("billing").log(Billed{"acme", 5}); }
