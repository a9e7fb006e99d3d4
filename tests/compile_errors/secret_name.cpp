#include <instrukt_ai/logging.hpp>
namespace ial = instrukt_ai::logging;
struct Secretive {
  static constexpr ial::event_info event{"user_created", ial::level::info};
  int user_id;
  const char* password;
};
void f(ial::logger log) { log.log(Secretive{1, "x"}); }
