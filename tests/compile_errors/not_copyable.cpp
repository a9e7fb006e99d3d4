#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/formatted.hpp>
#include <fmt/format.h>
namespace ial = instrukt_ai::logging;
struct Handle {
  Handle() = default;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&&) = default;
  Handle& operator=(Handle&&) = default;
};
template <>
struct fmt::formatter<Handle> : fmt::formatter<std::string_view> {
  auto format(const Handle&, format_context& ctx) const { return fmt::format_to(ctx.out(), "h"); }
};
struct Bad {
  static constexpr ial::event_info event{"bad_event", ial::level::info};
  Handle handle;
};
void f(ial::logger log) { log.log(Bad{}); }
