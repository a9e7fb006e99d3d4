// Events and catalogs shared by the catalog tests.
#pragma once

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/catalog.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace catalog_test {

namespace ial = instrukt_ai::logging;

enum class job_state : std::uint8_t { queued, running, done };

struct JobStarted {
  static constexpr ial::event_info event{"job_started", ial::level::info};
  std::uint64_t job_id;
  std::string_view user_id;
};

struct JobFinished {
  static constexpr ial::event_info event{"job_finished", ial::level::debug};
  std::uint64_t job_id;
  job_state state;
  std::chrono::milliseconds duration;
  std::optional<std::chrono::microseconds> queue_wait;
  double ratio;
  bool cached;
  std::int8_t retries;
  std::chrono::system_clock::time_point started_at;
};

struct ThreeNumbers {
  static constexpr ial::event_info event{"three_numbers", ial::level::warning};
  std::uint64_t iteration;
  std::uint64_t index;
  double value;
};

struct jobs_catalog : ial::catalog<JobStarted, JobFinished, ThreeNumbers> {};

// Not in jobs_catalog.
struct Heartbeat {
  static constexpr ial::event_info event{"heartbeat", ial::level::info};
  std::uint32_t seq;
};

}  // namespace catalog_test
