// The keys the library adds after an event's own (extended.hpp).
#pragma once

#include <cstdint>
#include <string_view>

namespace instrukt_ai::logging::detail {

struct exception_extra {
  std::string_view exc;  // "<type>: <what>; caused by <type>: <what>"
};

struct operation_start_extra {
  std::string_view phase;  // "start"
};
struct operation_done_extra {
  double duration_ms;
};
struct operation_failed_extra {
  double duration_ms;
  std::string_view outcome;  // "failed"
  std::string_view error;
};

struct throttled_extra {
  std::uint64_t suppressed;
};

}  // namespace instrukt_ai::logging::detail
