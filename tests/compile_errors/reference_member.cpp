#include <instrukt_ai/logging.hpp>
#include <string>
namespace ial = instrukt_ai::logging;
struct Bad {
  static constexpr ial::event_info event{"bad_event", ial::level::info};
  const std::string& user_id;
};
void f(ial::logger log, const std::string& u) { log.log(Bad{u}); }
