#include <instrukt_ai/logging.hpp>
namespace ial = instrukt_ai::logging;
struct Bad {
  static constexpr ial::event_info event{"bad_event", ial::level::info};
  std::uint64_t& counter;
};
void f(ial::logger log, std::uint64_t& c) { log.log(Bad{c}); }
