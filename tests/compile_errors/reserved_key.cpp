#include <instrukt_ai/logging.hpp>
namespace ial = instrukt_ai::logging;
struct Bad {
  static constexpr ial::event_info event{"bad_event", ial::level::info};
  int msg;
};
void f(ial::logger log) { log.log(Bad{1}); }
