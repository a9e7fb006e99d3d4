// What instrukt-ai-log-level reads back from the service: the library's
// lines about levels (log_levels_changed, log_levels_file_refused,
// log_levels_line_ignored) in an app's live log files.
#pragma once

#include "common/live_tail.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace instrukt_ai::log_level {

// The value of `key` in a logfmt line, decoded; none when it has no such key
// or does not parse.
std::optional<std::string> value_of(std::string_view line, std::string_view key);

// Whether the line is the library's own (logger=instrukt_ai.logging) with msg=`msg`.
bool is_library_line(std::string_view line, std::string_view msg);

// Follows an app's live files ({folder}/*.log) from where they end when it is
// made (common/live_tail.hpp): take() returns the whole lines written since
// the last call, across rotation, and from files that appear later.
class live_lines {
 public:
  explicit live_lines(const std::filesystem::path& folder);
  std::vector<std::string> take();

 private:
  tools::live_tail tail_;
};

// The newest line of the live files that is the library's `msg` line, if any.
std::optional<std::string> newest_library_line(const std::filesystem::path& folder, std::string_view msg);

}  // namespace instrukt_ai::log_level
