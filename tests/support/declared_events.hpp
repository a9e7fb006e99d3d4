// A catalog whose events are described once, in the code that
// instrukt_ai_event_catalog(... DESCRIPTORS declared_descriptors) generates
// (tests/CMakeLists.txt); test_declared_events.cpp logs them.
#pragma once

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/catalog.hpp>

#include <chrono>
#include <cstdint>
#include <string_view>

namespace declared {

namespace ial = instrukt_ai::logging;

struct JobQueued {
  static constexpr ial::event_info event{"job_queued", ial::level::info};
  std::uint64_t job_id;
  std::string_view request_id;  // an id: written whole
  std::string_view note;        // cut at max_value_bytes
};

struct Tick {
  static constexpr ial::event_info event{"tick", ial::level::warning};
  std::uint64_t n;
  double value;
};

// Throttled: left out of the generated code, described where it is logged.
struct Retry {
  static constexpr ial::event_info event{"retry", ial::level::info};
  static constexpr ial::throttle_info throttle{1, std::chrono::seconds(60)};
  std::uint32_t attempt;
};

// Its fields are not where their types' alignment would put them: the
// generated TU checks each offset (test_declared_events.cpp).
struct Padded {
  static constexpr ial::event_info event{"padded", ial::level::info};
  char a;
  alignas(2) char b;
  char c;
  std::string_view note;
};

struct declared_events : ial::catalog<JobQueued, Tick, Retry> {};
struct padded_events : ial::catalog<Padded> {};

}  // namespace declared
