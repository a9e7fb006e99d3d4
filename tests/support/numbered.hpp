// The numbered event the pipeline, latency and exit tests count lines with.
#pragma once

#include <instrukt_ai/logging.hpp>

#include <cstdint>
#include <string_view>

namespace test_support {

struct Numbered {
  static constexpr instrukt_ai::logging::event_info event{"numbered", instrukt_ai::logging::level::info};
  std::uint32_t thread;
  std::uint64_t seq;
  std::string_view note;
};

}  // namespace test_support
