// The consumer's one event and its catalog.
#pragma once

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/catalog.hpp>

struct Installed {
  static constexpr instrukt_ai::logging::event_info event{"installed", instrukt_ai::logging::level::info};
  int answer;
};

struct consumer_events : instrukt_ai::logging::catalog<Installed> {};
