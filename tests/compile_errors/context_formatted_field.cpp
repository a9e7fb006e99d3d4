#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/formatted.hpp>
namespace ial = instrukt_ai::logging;
struct Point {
  int x, y;
};
template <>
struct fmt::formatter<Point> : fmt::formatter<std::string_view> {
  auto format(const Point& p, format_context& ctx) const { return fmt::format_to(ctx.out(), "{},{}", p.x, p.y); }
};
struct Where {
  static constexpr ial::context_info context{"where"};
  std::optional<Point> origin;
};
void f() { ial::scoped_context scope{Where{Point{1, 2}}}; }
