#include <instrukt_ai/logging.hpp>
#include <string_view>
namespace ial = instrukt_ai::logging;
struct RequestReceived {
  static constexpr ial::event_info event{"request_received", ial::level::debug};
  ial::payload<std::string_view> body;
};
void f(ial::logger log) { log.log(RequestReceived{{"{}"}}); }
