// instrukt-ai-central's own events, in its own log
// ({log-root}/instrukt-ai-central/instrukt-ai-central.log; docs/fleet.md).
#pragma once

#include <instrukt_ai/logging.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace instrukt_ai::central {

namespace ial = instrukt_ai::logging;

struct CentralWriterStarted {
  static constexpr ial::event_info event{"central_writer_started", ial::level::info};
  std::string_view central;
  std::uint64_t max_open_files;
};
// Bytes sent again (after a break on the road or a restart of the agent): dropped.
struct CentralResent {
  static constexpr ial::event_info event{"central_resent", ial::level::info};
  static constexpr ial::throttle_info throttle{10, std::chrono::seconds(60)};
  std::string_view host, app, file, generation;
  std::uint64_t offset, bytes;
};
struct CentralGap {
  static constexpr ial::event_info event{"central_gap", ial::level::warning};
  std::string_view host, app, file, generation;
  std::uint64_t offset, missing_bytes;
};
// reason: malformed, unauthenticated, host_mismatch, too_long, cut.
struct CentralFrameRefused {
  static constexpr ial::event_info event{"central_frame_refused", ial::level::warning};
  static constexpr ial::throttle_info throttle{10, std::chrono::seconds(60)};
  std::string_view reason;
  std::string detail;
  std::string_view frame;
};
struct CentralWriteFailed {
  static constexpr ial::event_info event{"central_write_failed", ial::level::error};
  static constexpr ial::throttle_info throttle{10, std::chrono::seconds(60)};
  std::string_view path;
  std::string reason;
};
struct CentralLinesLost {
  static constexpr ial::event_info event{"central_lines_lost", ial::level::error};
  std::string_view host, app, file;
  std::uint64_t lines;
  std::string_view reason;
};
struct CentralOrderSaveFailed {
  static constexpr ial::event_info event{"central_order_save_failed", ial::level::error};
  static constexpr ial::throttle_info throttle{10, std::chrono::seconds(60)};
  std::string_view path;
  std::string reason;
};

inline ial::logger& log() {
  static ial::logger l = ial::get_logger("instrukt_ai_central");
  return l;
}

}  // namespace instrukt_ai::central
