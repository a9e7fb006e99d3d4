// A catalog as data: what `catalog_json` writes and `read_catalog_json` reads,
// and what the instrukt-ai-catalog tool checks logs and diffs against.
#pragma once

#include <instrukt_ai/logging/level.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace instrukt_ai::logging {

// A field's value type: "int8".."uint64", "float", "double", "bool", "char",
// "string", "enum", "duration", "time", "optional", "formatted", "redacted",
// "payload", "id".
struct catalog_value {
  std::string type;
  std::string unit;                  // duration: ns us ms s min h d
  std::string mode;                  // redacted: mask (***) or fingerprint (sha256:...)
  std::vector<std::string> values;   // enum: the named values, in value order
  std::vector<catalog_value> of;     // optional, payload, id: the inner type
  bool operator==(const catalog_value&) const = default;
};

struct catalog_field {
  std::string key;
  catalog_value value;
  bool operator==(const catalog_field&) const = default;
};

struct catalog_event {
  std::string name;
  level severity = level::info;
  std::vector<catalog_field> fields;
  std::size_t record_bytes = 0;  // in the ring; the least, when fixed_size is false (strings)
  bool fixed_size = true;
  bool operation = false;  // operation_info: DEBUG with duration_ms, or WARNING/ERROR with outcome=failed
  std::int64_t aggregate_every_ms = 0;  // aggregate_info: lines of count=, interval_s= and the fields' sums
  // throttle_info: at most throttle_lines lines per throttle_per_ms (per value
  // of key throttle_by, when set); the next line written, or a line with only
  // suppressed=<count> at flush and shutdown, carries the count held back.
  std::uint32_t throttle_lines = 0;
  std::int64_t throttle_per_ms = 0;
  std::string throttle_by;
  bool operator==(const catalog_event&) const = default;
};

// A context (context_info.hpp): keys any line may end with, in this order.
struct catalog_context {
  std::string name;
  std::vector<catalog_field> fields;
  bool operator==(const catalog_context&) const = default;
};

struct catalog_description {
  static constexpr int schema = 1;
  std::string app;
  std::vector<catalog_event> events;  // in declaration order
  std::vector<catalog_context> contexts;  // in declaration order
  const catalog_event* find(std::string_view name) const noexcept;
  const catalog_context* find_context(std::string_view name) const noexcept;
};

// {"schema":1,"app":...,"events":[{"name","level","record_bytes","fixed_size",["operation",]
//  ["aggregate_every_ms",]["throttle":{"lines","per_ms",["by"]},]"fields":[{"key","type",...}]}]
//  [,"contexts":[{"name","fields":[...]}]]}   (contexts: written when there are any)
std::string to_json(const catalog_description& c);
// A Markdown page: events sorted by name, each with its level and keys; then the contexts.
std::string to_markdown(const catalog_description& c);

// A catalog file that is not JSON, or not this schema; what() gives the place.
class catalog_format_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
catalog_description read_catalog_json(std::string_view text);

// The library's own events, logged under "instrukt_ai.logging" (its app name).
catalog_description library_catalog();

}  // namespace instrukt_ai::logging
