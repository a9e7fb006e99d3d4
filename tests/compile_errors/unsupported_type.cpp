#include <instrukt_ai/logging.hpp>
#include <vector>
namespace ial = instrukt_ai::logging;
struct Bad {
  static constexpr ial::event_info event{"bad_event", ial::level::info};
  std::vector<int> job_ids;
};
void f(ial::logger log) { log.log(Bad{{1, 2}}); }
