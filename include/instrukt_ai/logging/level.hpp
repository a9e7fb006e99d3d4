// Severity levels and their names, as the InstruktAI Python logger writes them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace instrukt_ai::logging {

enum class level : std::uint8_t { trace = 0, debug, info, warning, error, critical, off };

inline constexpr std::array<std::string_view, 6> level_names{
    "TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"};

constexpr std::string_view to_string(level l) noexcept {
  return l < level::off ? level_names[static_cast<std::size_t>(l)] : std::string_view{"OFF"};
}

// Case-insensitive; accepts WARN for WARNING and FATAL for CRITICAL.
std::optional<level> parse_level(std::string_view text) noexcept;

}  // namespace instrukt_ai::logging

// Events below this level compile to nothing (0 = TRACE ... 5 = CRITICAL).
#ifndef INSTRUKT_AI_LOGGING_MIN_LEVEL
#define INSTRUKT_AI_LOGGING_MIN_LEVEL 0
#endif

namespace instrukt_ai::logging {
inline constexpr level compile_time_min_level = static_cast<level>(INSTRUKT_AI_LOGGING_MIN_LEVEL);
static_assert(INSTRUKT_AI_LOGGING_MIN_LEVEL >= 0 && INSTRUKT_AI_LOGGING_MIN_LEVEL <= 6,
              "INSTRUKT_AI_LOGGING_MIN_LEVEL must be 0 (TRACE) .. 5 (CRITICAL), or 6 to disable all");
}  // namespace instrukt_ai::logging
