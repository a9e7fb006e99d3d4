// A type with an fmt::formatter, logged without <instrukt_ai/logging/formatted.hpp>.
#include <instrukt_ai/logging.hpp>

#include <fmt/format.h>

namespace ial = instrukt_ai::logging;
struct Point {
  int x, y;
};
template <>
struct fmt::formatter<Point> : fmt::formatter<int> {
  auto format(const Point& p, format_context& ctx) const { return fmt::format_to(ctx.out(), "{},{}", p.x, p.y); }
};
struct Moved {
  static constexpr ial::event_info event{"moved", ial::level::info};
  Point to;
};
void f(ial::logger log) { log.log(Moved{{1, 2}}); }
