#include <instrukt_ai/logging.hpp>
namespace ial = instrukt_ai::logging;
struct Bad {
  int job_id;
};
void f(ial::logger log) { log.log(Bad{1}); }
