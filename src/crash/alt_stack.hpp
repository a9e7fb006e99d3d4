// Alternate signal stacks, so the fatal-signal handler also runs after a
// stack overflow.
#pragma once

#include <atomic>

namespace instrukt_ai::logging::detail {

// Set once the fatal-signal handler is installed: threads get a stack at their first event.
inline std::atomic<bool> alt_stacks_wanted{false};

// Gives the calling thread an alternate signal stack, freed when the thread
// ends, unless it has one already (its own, or a sanitizer's).
void ensure_alt_stack() noexcept;

}  // namespace instrukt_ai::logging::detail
