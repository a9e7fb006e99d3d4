// The example service's events: its whole logging vocabulary, in one place.
#pragma once

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/catalog.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace jobs {

namespace ial = instrukt_ai::logging;

enum class job_kind : std::uint8_t { thumbnail, transcode, report };

struct ServiceStarted {
  static constexpr ial::event_info event{"service_started", ial::level::info};
  std::string_view version;
  std::uint32_t workers;
  std::string_view log_path;
};

struct JobStarted {
  static constexpr ial::event_info event{"job_started", ial::level::trace};
  std::uint64_t job_id;
  job_kind kind;
};

struct JobFinished {
  static constexpr ial::event_info event{"job_finished", ial::level::debug};
  std::uint64_t job_id;
  job_kind kind;
  std::chrono::microseconds duration;
  std::uint32_t worker;
};

struct JobRetried {
  static constexpr ial::event_info event{"job_retried", ial::level::warning};
  std::uint64_t job_id;
  std::uint32_t attempt;
  std::string_view reason;
};

struct JobFailed {
  static constexpr ial::event_info event{"job_failed", ial::level::error};
  std::uint64_t job_id;
  std::string_view error;
  std::optional<std::uint32_t> exit_code;
};

struct BatchCompleted {
  static constexpr ial::event_info event{"batch_completed", ial::level::info};
  std::uint32_t batch;
  std::uint64_t jobs;
  std::uint64_t failed;
  double success_ratio;
};

struct ServiceStopped {
  static constexpr ial::event_info event{"service_stopped", ial::level::info};
  std::uint64_t jobs_total;
  std::chrono::milliseconds uptime;
};

// The service's catalog: its loggers ("jobs", "jobs.*") log these and nothing
// else; their lines may end with the trace context's keys (one trace per batch).
// The build writes it to jobs.catalog.json (examples/CMakeLists.txt).
struct jobs_events : ial::catalog<ServiceStarted, JobStarted, JobFinished, JobRetried, JobFailed, BatchCompleted,
                                  ServiceStopped, ial::trace_keys> {};

// Logged under a third-party logger name: held at WARNING unless spotlighted.
struct HttpRequestSent {
  static constexpr ial::event_info event{"http_request_sent", ial::level::debug};
  std::string_view method;
  std::string_view url;
  std::uint16_t status;
};

}  // namespace jobs
