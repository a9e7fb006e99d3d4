// Messages from other logging systems: a logger name, a level, a text and
// optional key/value pairs, under the same level rules as typed events.
//
//   ial::log_message("vendor.cache", ial::level::debug, "evicted 12 entries", {{"shard", "3"}});
//   // ... level=DEBUG logger=vendor.cache msg="evicted 12 entries" shard=3
//
// Keys are written as given, except that bytes a logfmt key cannot hold
// (space, '=', '"', control and non-ASCII bytes) become '_', and a key the
// line writes itself (level, logger, msg, exc) gets a trailing '_'.
#pragma once

#include <instrukt_ai/logging/level.hpp>

#include <initializer_list>
#include <span>
#include <string_view>

namespace instrukt_ai::logging {

struct message_field {
  std::string_view key;
  std::string_view value;
};

// Logs through the logger of that name (looked up on each call; hold a
// logger and use logger::log_message on a hot path).
void log_message(std::string_view logger_name, level severity, std::string_view text,
                 std::initializer_list<message_field> fields = {});

}  // namespace instrukt_ai::logging
