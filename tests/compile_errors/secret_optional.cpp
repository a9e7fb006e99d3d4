#include <instrukt_ai/logging.hpp>
#include <optional>
namespace ial = instrukt_ai::logging;
// An optional secret is still a secret: optional<redacted<T>> is allowed, optional<T> is not.
struct Secretive {
  static constexpr ial::event_info event{"call_made", ial::level::info};
  std::optional<std::string_view> authorization;
};
void f(ial::logger log) { log.log(Secretive{"Bearer x"}); }
