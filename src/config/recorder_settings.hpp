// The flight recorder's sizes, from the options and the environment:
//   {P}_FLIGHT_RECORDER_BYTES    per thread (1 KiB .. 64 MiB)
//   {P}_FLIGHT_RECORDER_SECONDS  the window written before an error (1 .. 3600)
//   {P}_FLIGHT_RECORDER_MODE     thread (default) or all_threads
// Its level is a level setting (level_policy::recorder): it may change at run time.
#pragma once

#include "../writer/flight_recorder.hpp"
#include "../levels/level_policy.hpp"

#include <instrukt_ai/logging/options.hpp>

namespace instrukt_ai::logging::detail {

inline constexpr std::size_t min_recorder_bytes = std::size_t{1} << 10, max_recorder_bytes = std::size_t{64} << 20;

// A bad value is reported and the option's value kept.
flight_recorder_settings recorder_settings_from_env(const options& opts, std::string_view env_prefix,
                                                    const level_policy::env_lookup& getenv,
                                                    const level_policy::report& warn);

}  // namespace instrukt_ai::logging::detail
