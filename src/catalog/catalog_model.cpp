#include "json.hpp"

#include <instrukt_ai/logging/catalog_export.hpp>
#include <instrukt_ai/logging/catalog_model.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

namespace instrukt_ai::logging {
namespace {

constexpr std::array<std::string_view, 11> plain_types{"int8",  "int16", "int32",  "int64", "uint8", "uint16",
                                                       "uint32", "uint64", "float", "double", "bool"};
constexpr std::array<std::string_view, 4> other_types{"char", "string", "time", "formatted"};
constexpr std::array<std::string_view, 7> duration_units{"ns", "us", "ms", "s", "min", "h", "d"};

template <class List>
bool listed(const List& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

void append_value(std::string& out, const catalog_value& v) {
  out += "\"type\": ";
  detail::json::append_string(out, v.type);
  if (!v.unit.empty()) {
    out += ", \"unit\": ";
    detail::json::append_string(out, v.unit);
  }
  if (!v.mode.empty()) {
    out += ", \"mode\": ";
    detail::json::append_string(out, v.mode);
  }
  if (v.type == "enum") {
    out += ", \"values\": [";
    for (std::size_t i = 0; i < v.values.size(); ++i) {
      if (i) out += ", ";
      detail::json::append_string(out, v.values[i]);
    }
    out += ']';
  }
  if (!v.of.empty()) {
    out += ", \"of\": {";
    append_value(out, v.of.front());
    out += '}';
  }
}

std::string describe_type(const catalog_value& v) {
  if (v.type == "enum") return fmt::format("enum ({})", fmt::join(v.values, ", "));
  if (v.type == "duration") return fmt::format("duration ({})", v.unit);
  if (!v.of.empty()) return fmt::format("{} {}", v.type, describe_type(v.of.front()));
  if (v.type == "redacted") return fmt::format("redacted ({})", v.mode);
  return v.type;
}

// --- reading -----------------------------------------------------------------

class reader {
 public:
  explicit reader(std::string_view text) : text_(text) {}

  catalog_description read() {
    const auto doc = detail::json::parse(text_);
    if (doc.type != kind::object) fail(doc, "a catalog is a JSON object");
    const auto& schema = member(doc, "schema", kind::number, "the catalog");
    if (schema.number != catalog_description::schema)
      fail(schema, fmt::format("schema {} is not supported (this build reads schema {})", schema.number,
                               catalog_description::schema));
    catalog_description c;
    c.app = member(doc, "app", kind::string, "the catalog").text;
    std::set<std::string, std::less<>> names;
    for (const auto& e : member(doc, "events", kind::array, "the catalog").items) {
      c.events.push_back(event(e));
      if (!names.insert(c.events.back().name).second)
        fail(e, fmt::format("event \"{}\" is listed twice", c.events.back().name));
    }
    if (const auto* contexts = doc.get("contexts")) {
      if (contexts->type != kind::array) fail(*contexts, "\"contexts\" of the catalog must be an array");
      std::set<std::string, std::less<>> context_names;
      for (const auto& x : contexts->items) {
        if (x.type != kind::object) fail(x, "each context is a JSON object");
        catalog_context ctx;
        ctx.name = member(x, "name", kind::string, "a context").text;
        ctx.fields = fields(x, fmt::format("context \"{}\"", ctx.name));
        if (!context_names.insert(ctx.name).second) fail(x, fmt::format("context \"{}\" is listed twice", ctx.name));
        c.contexts.push_back(std::move(ctx));
      }
    }
    return c;
  }

 private:
  using kind = detail::json::value::kind;

  [[noreturn]] void fail(const detail::json::value& at, std::string_view what) const {
    throw catalog_format_error(fmt::format("{}: {}", detail::json::position(text_, at.offset), what));
  }

  const detail::json::value& member(const detail::json::value& obj, std::string_view key, kind k,
                                     std::string_view owner) const {
    const auto* v = obj.get(key);
    if (v == nullptr) fail(obj, fmt::format("{} has no \"{}\"", owner, key));
    if (v->type != k)
      fail(*v, fmt::format("\"{}\" of {} must be {}, not {}", key, owner, detail::json::kind_name(k),
                           detail::json::kind_name(v->type)));
    return *v;
  }

  catalog_event event(const detail::json::value& e) const {
    if (e.type != kind::object) fail(e, "each event is a JSON object");
    catalog_event out;
    out.name = member(e, "name", kind::string, "an event").text;
    const std::string owner = fmt::format("event \"{}\"", out.name);
    const auto& lvl = member(e, "level", kind::string, owner);
    const auto parsed = parse_level(lvl.text);
    if (!parsed || to_string(*parsed) != lvl.text)
      fail(lvl, fmt::format("{} has level \"{}\"; expected TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL", owner,
                            lvl.text));
    out.severity = *parsed;
    if (const auto* rb = e.get("record_bytes"); rb && rb->type == kind::number)
      out.record_bytes = static_cast<std::size_t>(rb->number);
    if (const auto* fs = e.get("fixed_size"); fs && fs->type == kind::boolean) out.fixed_size = fs->boolean;
    if (const auto* op = e.get("operation"); op && op->type == kind::boolean) out.operation = op->boolean;
    if (const auto* ag = e.get("aggregate_every_ms"); ag && ag->type == kind::number)
      out.aggregate_every_ms = static_cast<std::int64_t>(ag->number);
    if (const auto* th = e.get("throttle")) {
      if (th->type != kind::object) fail(*th, fmt::format("\"throttle\" of {} must be an object", owner));
      out.throttle_lines = static_cast<std::uint32_t>(member(*th, "lines", kind::number, owner + "'s throttle").number);
      out.throttle_per_ms = static_cast<std::int64_t>(member(*th, "per_ms", kind::number, owner + "'s throttle").number);
      if (const auto* by = th->get("by"); by && by->type == kind::string) out.throttle_by = by->text;
    }
    out.fields = fields(e, owner);
    return out;
  }

  std::vector<catalog_field> fields(const detail::json::value& owner_value, const std::string& owner) const {
    std::vector<catalog_field> out;
    std::set<std::string, std::less<>> keys;
    for (const auto& f : member(owner_value, "fields", kind::array, owner).items) {
      if (f.type != kind::object) fail(f, fmt::format("each field of {} is a JSON object", owner));
      catalog_field field;
      field.key = member(f, "key", kind::string, fmt::format("a field of {}", owner)).text;
      if (!keys.insert(field.key).second) fail(f, fmt::format("{} lists key \"{}\" twice", owner, field.key));
      field.value = value(f, fmt::format("field \"{}\" of {}", field.key, owner));
      out.push_back(std::move(field));
    }
    return out;
  }

  catalog_value value(const detail::json::value& f, const std::string& owner) const {
    catalog_value v;
    const auto& type = member(f, "type", kind::string, owner);
    v.type = type.text;
    if (v.type == "enum") {
      for (const auto& name : member(f, "values", kind::array, owner).items) {
        if (name.type != kind::string) fail(name, fmt::format("the values of {} must be strings", owner));
        v.values.push_back(name.text);
      }
    } else if (v.type == "duration") {
      const auto& unit = member(f, "unit", kind::string, owner);
      if (!listed(duration_units, unit.text))
        fail(unit, fmt::format("{} has unit \"{}\"; expected ns, us, ms, s, min, h or d", owner, unit.text));
      v.unit = unit.text;
    } else if (v.type == "optional" || v.type == "payload" || v.type == "id") {
      const auto& of = member(f, "of", kind::object, owner);
      v.of.push_back(value(of, "the inner type of " + owner));
    } else if (v.type == "redacted") {
      const auto& mode = member(f, "mode", kind::string, owner);
      if (mode.text != "mask" && mode.text != "fingerprint")
        fail(mode, fmt::format("{} has mode \"{}\"; expected mask or fingerprint", owner, mode.text));
      v.mode = mode.text;
    } else if (!listed(plain_types, v.type) && !listed(other_types, v.type)) {
      fail(type, fmt::format("{} has unknown type \"{}\"", owner, v.type));
    }
    return v;
  }

  std::string_view text_;
};

}  // namespace

const catalog_event* catalog_description::find(std::string_view name) const noexcept {
  for (const auto& e : events)
    if (e.name == name) return &e;
  return nullptr;
}

const catalog_context* catalog_description::find_context(std::string_view name) const noexcept {
  for (const auto& c : contexts)
    if (c.name == name) return &c;
  return nullptr;
}

namespace {

void append_fields(std::string& out, const std::vector<catalog_field>& fields) {
  out += ", \"fields\": [";
  for (std::size_t k = 0; k < fields.size(); ++k) {
    out += k ? ", {\"key\": " : "{\"key\": ";
    detail::json::append_string(out, fields[k].key);
    out += ", ";
    append_value(out, fields[k].value);
    out += '}';
  }
  out += ']';
}

std::string keys_text(const std::vector<catalog_field>& fields) {
  std::vector<std::string> keys;
  for (const auto& f : fields) keys.push_back(fmt::format("`{}` {}", f.key, describe_type(f.value)));
  return keys.empty() ? std::string("–") : fmt::format("{}", fmt::join(keys, "<br>"));
}

}  // namespace

std::string to_json(const catalog_description& c) {
  std::string out = fmt::format("{{\n  \"schema\": {},\n  \"app\": ", catalog_description::schema);
  detail::json::append_string(out, c.app);
  out += ",\n  \"events\": [";
  for (std::size_t i = 0; i < c.events.size(); ++i) {
    const auto& e = c.events[i];
    out += i ? ",\n    {\"name\": " : "\n    {\"name\": ";
    detail::json::append_string(out, e.name);
    out += fmt::format(", \"level\": \"{}\", \"record_bytes\": {}, \"fixed_size\": {}{}{}",
                       to_string(e.severity), e.record_bytes, e.fixed_size, e.operation ? ", \"operation\": true" : "",
                       e.aggregate_every_ms ? fmt::format(", \"aggregate_every_ms\": {}", e.aggregate_every_ms) : "");
    if (e.throttle_lines != 0) {
      out += fmt::format(", \"throttle\": {{\"lines\": {}, \"per_ms\": {}", e.throttle_lines, e.throttle_per_ms);
      if (!e.throttle_by.empty()) {
        out += ", \"by\": ";
        detail::json::append_string(out, e.throttle_by);
      }
      out += '}';
    }
    append_fields(out, e.fields);
    out += '}';
  }
  out += c.events.empty() ? "]" : "\n  ]";
  if (!c.contexts.empty()) {
    out += ",\n  \"contexts\": [";
    for (std::size_t i = 0; i < c.contexts.size(); ++i) {
      out += i ? ",\n    {\"name\": " : "\n    {\"name\": ";
      detail::json::append_string(out, c.contexts[i].name);
      append_fields(out, c.contexts[i].fields);
      out += '}';
    }
    out += "\n  ]";
  }
  out += "\n}\n";
  return out;
}

std::string to_markdown(const catalog_description& c) {
  std::vector<const catalog_event*> sorted;
  for (const auto& e : c.events) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name < b->name; });
  std::string out = fmt::format("# Event catalog: {}\n\n{} events (catalog schema {}), sorted by name. "
                                "Each is one logfmt line: `msg=<event>` then its keys in this order.\n\n"
                                "| event | level | keys |\n|---|---|---|\n",
                                c.app, c.events.size(), catalog_description::schema);
  for (const auto* e : sorted) {
    std::string level = e->operation ? std::string("operation (DEBUG; failed: WARNING/ERROR)")
                                     : std::string(to_string(e->severity));
    if (e->throttle_lines != 0)
      level += fmt::format("<br>throttled: at most {} lines per {} ms{}; `suppressed` counts the rest",
                           e->throttle_lines, e->throttle_per_ms,
                           e->throttle_by.empty() ? std::string() : fmt::format(" for each `{}`", e->throttle_by));
    if (e->aggregate_every_ms != 0)
      level += fmt::format("<br>aggregated: one line per {} ms per logger, with `count`, `interval_s` and the "
                           "fields' sums", e->aggregate_every_ms);
    out += fmt::format("| `{}` | {} | {} |\n", e->name, level, keys_text(e->fields));
  }
  if (!c.contexts.empty()) {
    out += fmt::format("\n## Contexts\n\nAny line logged inside a scope of a context ends with its keys, "
                       "outer scopes first (docs/context.md).\n\n| context | keys |\n|---|---|\n");
    for (const auto& x : c.contexts) out += fmt::format("| `{}` | {} |\n", x.name, keys_text(x.fields));
  }
  return out;
}

catalog_description read_catalog_json(std::string_view text) { return reader(text).read(); }

int write_catalog_file(const std::string& json, const char* path) {
  if (path == nullptr || std::strcmp(path, "-") == 0) return std::fwrite(json.data(), 1, json.size(), stdout) == json.size() ? 0 : 1;
  FILE* f = std::fopen(path, "w");
  if (f == nullptr) {
    std::fprintf(stderr, "cannot write the catalog to %s: %s\n", path, std::strerror(errno));
    return 1;
  }
  const bool ok = std::fwrite(json.data(), 1, json.size(), f) == json.size();
  if (std::fclose(f) != 0 || !ok) {
    std::fprintf(stderr, "cannot write the catalog to %s: %s\n", path, std::strerror(errno));
    return 1;
  }
  return 0;
}

}  // namespace instrukt_ai::logging
