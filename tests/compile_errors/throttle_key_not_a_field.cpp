#include <instrukt_ai/logging.hpp>
#include <string_view>
namespace ial = instrukt_ai::logging;
struct Noisy {
  static constexpr ial::event_info event{"noisy", ial::level::info};
  static constexpr ial::throttle_info throttle{5, std::chrono::seconds(1), "user_name"};
  std::string_view user;
};
void f(ial::logger log) { log.log(Noisy{"a"}); }
