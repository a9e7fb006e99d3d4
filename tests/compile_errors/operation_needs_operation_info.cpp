#include <instrukt_ai/logging.hpp>
namespace ial = instrukt_ai::logging;
struct JobProcessed {
  static constexpr ial::event_info event{"job_processed", ial::level::debug};
  int job_id;
};
void f(ial::logger log) { auto op = log.operation(JobProcessed{1}); }
