#include <instrukt_ai/logging.hpp>
namespace ial = instrukt_ai::logging;
struct Common {
  int request_id;
};
struct Bad : Common {
  static constexpr ial::event_info event{"bad_event", ial::level::info};
  int job_id;
};
void f(ial::logger log) { log.log(Bad{{1}, 2}); }
