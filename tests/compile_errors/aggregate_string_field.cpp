#include <instrukt_ai/logging.hpp>
#include <string_view>
namespace ial = instrukt_ai::logging;
struct Polled {
  static constexpr ial::event_info event{"polled", ial::level::info};
  static constexpr ial::aggregate_info aggregate{std::chrono::seconds(10)};
  std::string_view source;
};
void f(ial::logger log) { log.log(Polled{"a"}); }
