// The fatal_signal line, formatted without allocating or locking: callable
// from a signal handler.
#pragma once

#include "../library_events.hpp"
#include "../writer/ring_contexts.hpp"

#include <instrukt_ai/logging/detail/line/line_buffer.hpp>

#include <cstdint>

namespace instrukt_ai::logging::detail {

// Formats e as one line under the logger with this id and hands it to `to`
// (possibly in pieces, in order), ending with `contexts` (the crashed thread's).
void write_signal_line(const fatal_signal& e, std::uint16_t logger_id, const spill_target& to,
                       ring_contexts& contexts = ring_contexts::none) noexcept;

}  // namespace instrukt_ai::logging::detail
