#include <instrukt_ai/logging.hpp>
#include <string_view>
namespace ial = instrukt_ai::logging;
struct Secretive {
  static constexpr ial::event_info event{"session_refreshed", ial::level::info};
  std::string_view refresh_token;
};
void f(ial::logger log) { log.log(Secretive{"x"}); }
