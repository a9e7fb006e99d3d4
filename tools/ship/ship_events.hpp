// instrukt-ai-ship's own events, in its own log
// ({log-root}/instrukt-ai-ship/instrukt-ai-ship.log; docs/fleet.md).
#pragma once

#include <instrukt_ai/logging.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace instrukt_ai::ship {

namespace ial = instrukt_ai::logging;

struct ShipStarted {
  static constexpr ial::event_info event{"ship_started", ial::level::info};
  std::string_view root, host, socket;
  std::uint64_t sources, window;
};
struct ShipConnected {
  static constexpr ial::event_info event{"ship_connected", ial::level::info};
  std::string_view socket;
  std::uint64_t resent_sources;  // sources read again from before what may not have arrived
};
struct ShipLinkDown {
  static constexpr ial::event_info event{"ship_link_down", ial::level::warning};
  static constexpr ial::throttle_info throttle{10, std::chrono::seconds(60)};
  std::string reason;
};
struct ShipReadFailed {
  static constexpr ial::event_info event{"ship_read_failed", ial::level::error};
  static constexpr ial::throttle_info throttle{10, std::chrono::seconds(60)};
  std::string path, reason;
};
// A saved generation whose file is gone (deleted by rotation while the
// shipper was stopped): its bytes from `offset` on are not shipped.
struct ShipGenerationMissing {
  static constexpr ial::event_info event{"ship_generation_missing", ial::level::error};
  std::string_view app, file, generation;
  std::uint64_t offset;
};
struct ShipPositionsFailed {
  static constexpr ial::event_info event{"ship_positions_failed", ial::level::error};
  static constexpr ial::throttle_info throttle{10, std::chrono::seconds(60)};
  std::string path, reason;
};
struct ShipWatchFailed {
  static constexpr ial::event_info event{"ship_watch_failed", ial::level::warning};
  static constexpr ial::throttle_info throttle{10, std::chrono::seconds(60)};
  std::string path, reason;  // looked at every 250 ms instead
};

inline ial::logger& log() {
  static ial::logger l = ial::get_logger("instrukt_ai_ship");
  return l;
}

}  // namespace instrukt_ai::ship
