#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/catalog.hpp>
namespace ial = instrukt_ai::logging;
struct JobStarted {
  static constexpr ial::event_info event{"job_started", ial::level::info};
  int job_id;
};
struct jobs_events : ial::catalog<JobStarted, JobStarted> {};
void f() { ial::get_logger<jobs_events>("jobs").log(JobStarted{1}); }
