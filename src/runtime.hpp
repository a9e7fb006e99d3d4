// Process-wide state shared by the library's sources: the running writer and
// the settings the callers' slow paths read.
#pragma once

#include "writer/writer.hpp"

#include <instrukt_ai/logging/options.hpp>

#include <atomic>

namespace instrukt_ai::logging::detail {

// The writer while logging is configured and not shut down; null otherwise.
writer* running_writer() noexcept;

inline std::atomic<full_ring_policy> full_ring_policy_setting{full_ring_policy::block};

// True on the writer thread. Events logged there (by a user's fmt::formatter)
// go to its own ring like any thread's, but never wait for room: the writer
// would wait for itself. They are dropped and counted instead.
inline constinit thread_local bool on_writer_thread = false;

// Set by reopen_log_file() (async-signal-safe); the writer reopens on its next pass.
inline std::atomic<bool> reopen_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

}  // namespace instrukt_ai::logging::detail
