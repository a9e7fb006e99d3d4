// The calling thread's own copy of its open contexts (their push records),
// for capture_context() and for a ring attached after the scopes were entered.
#pragma once

#include <cstddef>
#include <functional>

namespace instrukt_ai::logging::detail {

struct producer;

// Calls f(record, size) for each open level, outermost first.
void for_each_open_context(const std::function<void(const std::byte*, std::size_t)>& f);

// Writes the thread's open contexts into its new ring (after a reset of any
// level a previous owner of the ring left open).
void replay_contexts(producer& p);

}  // namespace instrukt_ai::logging::detail
