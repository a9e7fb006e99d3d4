// Settings in the environment meant for this app but spelled with another
// prefix: PAYGW_LOG_LEVEL for the app pay-gw, whose prefix is PAY_GW, does
// nothing. configure_logging() warns once per such variable, naming the
// right one (configuration.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace instrukt_ai::logging::detail {

// The library's setting names, each after "{P}".
inline constexpr std::string_view setting_suffixes[] = {
    "_THIRD_PARTY_LOG_LEVEL", "_THIRD_PARTY_LOGGERS",  "_FLIGHT_RECORDER_SECONDS", "_FLIGHT_RECORDER_BYTES",
    "_FLIGHT_RECORDER_MODE",  "_FLIGHT_RECORDER",      "_MUTED_LOGGERS",           "_LOG_LEVEL"};

// One warning per variable of `environment` (NAME=value entries) that ends in
// a setting name and whose prefix is `env_prefix` spelled another way:
// without '_', in another case, or one edit away.
std::vector<std::string> misspelled_settings(std::string_view env_prefix, const char* const* environment);

}  // namespace instrukt_ai::logging::detail
