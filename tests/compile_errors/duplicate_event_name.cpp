#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/catalog.hpp>
namespace ial = instrukt_ai::logging;
struct JobStarted {
  static constexpr ial::event_info event{"job_started", ial::level::info};
  int job_id;
};
struct JobBegun {
  static constexpr ial::event_info event{"job_started", ial::level::debug};
  int id;
};
struct jobs_events : ial::catalog<JobStarted, JobBegun> {};
void f() { ial::get_logger<jobs_events>("jobs").log(JobStarted{1}); }
