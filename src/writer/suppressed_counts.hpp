// Throttled events' suppressed counts that no later line carried: the writer
// writes them at flush() and at shutdown (throttle_state.hpp).
#pragma once

#include <instrukt_ai/logging/detail/event/throttle_state.hpp>

#include <cstdint>
#include <functional>

namespace instrukt_ai::logging::detail {

// Takes every pending count (leaving 0) and calls line(descriptor, logger tag
// bits, count) for each that was not 0.
void take_suppressed_counts(const std::function<void(const descriptor&, std::uint64_t, std::uint64_t)>& line);

}  // namespace instrukt_ai::logging::detail
