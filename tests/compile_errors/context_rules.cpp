#include <instrukt_ai/logging.hpp>
namespace ial = instrukt_ai::logging;
struct Session {
  static constexpr ial::context_info context{"session"};
  std::string_view sessionToken;
};
void f() { ial::scoped_context scope{Session{"x"}}; }
