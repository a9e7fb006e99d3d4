#include "diff.hpp"

#include "catalog/json.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace instrukt_ai::catalog_tool {
namespace {

namespace ial = instrukt_ai::logging;

std::string type_text(const ial::catalog_value& v) {
  if (v.type == "duration") return fmt::format("duration ({})", v.unit);
  if (v.type == "optional" && !v.of.empty()) return "optional " + type_text(v.of.front());
  return v.type;
}

// Changes of one value type; enums may gain values without breaking.
void compare_value(const ial::catalog_value& a, const ial::catalog_value& b, const std::string& event,
                   const std::string& key, std::vector<catalog_change>& out) {
  if (a.type != b.type || a.unit != b.unit || a.of.size() != b.of.size()) {
    out.push_back({true, event, fmt::format("key \"{}\" changed type: {} -> {}", key, type_text(a), type_text(b))});
    return;
  }
  if (!a.of.empty()) return compare_value(a.of.front(), b.of.front(), event, key, out);
  if (a.type != "enum") return;
  for (const auto& v : a.values)
    if (std::find(b.values.begin(), b.values.end(), v) == b.values.end())
      out.push_back({true, event, fmt::format("key \"{}\" lost enum value \"{}\"", key, v)});
  for (const auto& v : b.values)
    if (std::find(a.values.begin(), a.values.end(), v) == a.values.end())
      out.push_back({false, event, fmt::format("key \"{}\" gained enum value \"{}\"", key, v)});
}

const ial::catalog_field* field(const std::vector<ial::catalog_field>& fields, const std::string& key) {
  for (const auto& f : fields)
    if (f.key == key) return &f;
  return nullptr;
}

// Keys removed (breaking), changed, or new (additive) between two field lists of `owner`.
void compare_fields(const std::vector<ial::catalog_field>& a, const std::vector<ial::catalog_field>& b,
                    const std::string& owner, std::vector<catalog_change>& out) {
  for (const auto& f : a)
    if (field(b, f.key) == nullptr) out.push_back({true, owner, fmt::format("key \"{}\" removed or renamed", f.key)});
  for (const auto& f : b) {
    if (const auto* old = field(a, f.key)) compare_value(old->value, f.value, owner, f.key, out);
    else out.push_back({false, owner, fmt::format("new key \"{}\" ({})", f.key, type_text(f.value))});
  }
}

}  // namespace

std::vector<catalog_change> diff_catalogs(const ial::catalog_description& before,
                                          const ial::catalog_description& after) {
  std::vector<catalog_change> out;
  if (before.app != after.app)
    out.push_back({true, "", fmt::format("app renamed: \"{}\" -> \"{}\" (the log file and logger names move)",
                                         before.app, after.app)});
  for (const auto& e : before.events)
    if (after.find(e.name) == nullptr) out.push_back({true, e.name, "event removed or renamed"});
  for (const auto& b : after.events) {
    const auto* a = before.find(b.name);
    if (a == nullptr) continue;
    if (a->severity != b.severity)
      out.push_back({true, b.name, fmt::format("level changed: {} -> {}", ial::to_string(a->severity),
                                               ial::to_string(b.severity))});
    if (a->throttle_lines != b.throttle_lines || a->throttle_per_ms != b.throttle_per_ms ||
        a->throttle_by != b.throttle_by)
      out.push_back({false, b.name, "throttle changed (lines per interval, or its key)"});
    if (a->aggregate_every_ms != b.aggregate_every_ms)
      out.push_back({a->aggregate_every_ms == 0 || b.aggregate_every_ms == 0, b.name,
                     fmt::format("aggregate interval changed: {} ms -> {} ms (0: not aggregated)",
                                 a->aggregate_every_ms, b.aggregate_every_ms)});
    compare_fields(a->fields, b.fields, b.name, out);
  }
  for (const auto& e : after.events)
    if (before.find(e.name) == nullptr) out.push_back({false, e.name, fmt::format("new event ({})", ial::to_string(e.severity))});
  // Contexts: their keys end lines of every event.
  for (const auto& x : before.contexts)
    if (after.find_context(x.name) == nullptr) out.push_back({true, "context " + x.name, "context removed or renamed"});
  for (const auto& x : after.contexts) {
    if (const auto* old = before.find_context(x.name)) compare_fields(old->fields, x.fields, "context " + x.name, out);
    else out.push_back({false, "context " + x.name, "new context"});
  }
  return out;
}

int run_diff(const ial::catalog_description& before, const ial::catalog_description& after, output_format format,
             std::FILE* out) {
  const auto changes = diff_catalogs(before, after);
  const auto breaking = static_cast<std::size_t>(std::count_if(changes.begin(), changes.end(), [](auto& c) { return c.breaking; }));
  if (format == output_format::json) {
    std::string s = "{\"changes\":[";
    for (std::size_t i = 0; i < changes.size(); ++i)
      s += fmt::format("{}{{\"kind\":\"{}\",\"event\":{},\"change\":{}}}", i ? "," : "",
                       changes[i].breaking ? "breaking" : "additive", logging::detail::json::quoted(changes[i].event),
                       logging::detail::json::quoted(changes[i].what));
    s += fmt::format("],\"breaking\":{},\"additive\":{}}}\n", breaking, changes.size() - breaking);
    std::fputs(s.c_str(), out);
  } else {
    for (const auto& c : changes)
      fmt::print(out, "{}: {}{}{}\n", c.breaking ? "breaking" : "additive", c.event, c.event.empty() ? "" : ": ",
                 c.what);
    fmt::print(out, "{} breaking, {} additive\n", breaking, changes.size() - breaking);
  }
  return breaking ? 1 : 0;
}

}  // namespace instrukt_ai::catalog_tool
