// Which level each logger lets through, from the environment:
//   {P}_LOG_LEVEL              our loggers (default INFO)
//   {P}_THIRD_PARTY_LOG_LEVEL  every other logger (default WARNING)
//   {P}_THIRD_PARTY_LOGGERS    spotlight: when set, only these third-party
//                              prefixes use that level; the rest are held at WARNING+
//   {P}_MUTED_LOGGERS          held at WARNING+, whatever else says
#pragma once

#include <instrukt_ai/logging/level.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace instrukt_ai::logging::detail {

// A level, or OFF (level::off): the flight recorder's setting.
std::optional<level> parse_recorder_level(std::string_view text) noexcept;

struct level_policy {
  std::string logger_prefix;  // a logger is ours when it is this or below it
  std::string env_prefix;     // {P} of the variables
  std::string app;            // as given to configure_logging (for messages)
  level ours = level::info;
  level third_party = level::warning;
  bool spotlight_set = false;
  std::vector<std::string> spotlight;
  std::vector<std::string> muted;
  // {P}_FLIGHT_RECORDER: events from this level up that the file does not
  // take are kept for an error (flight_recorder.hpp); none: off. Only
  // from the loggers recorder_keeps().
  std::optional<level> recorder;
  // Where each level came from: "env" or "default" ("options" for the recorder).
  struct origins {
    std::string_view ours = "default", third_party = "default", recorder = "default";
  } sources;

  bool is_ours(std::string_view logger_name) const noexcept;
  level threshold_for(std::string_view logger_name) const noexcept;
  bool is_muted(std::string_view logger_name) const noexcept;
  // Whether the flight recorder keeps this logger's events: ours, and
  // third-party ones only when spotlighted, as the dual-level rule gives
  // DEBUG to them alone; never a muted one.
  bool recorder_keeps(std::string_view logger_name) const noexcept;

  // "a, b.,c" -> {"a", "b", "c"}: the syntax of the prefix lists.
  static std::vector<std::string> split_prefixes(std::string_view list);

  using env_lookup = std::function<const char*(const char*)>;
  using report = std::function<void(std::string_view)>;
  // Reads the four variables and {P}_FLIGHT_RECORDER (`recorder`: its
  // default, from the options); a bad value is reported (once each) and its default used.
  static level_policy from_env(std::string_view logger_prefix, std::string_view env_prefix,
                               const env_lookup& getenv, const report& warn,
                               std::optional<level> recorder = std::nullopt);
};

}  // namespace instrukt_ai::logging::detail
