#include "check.hpp"

#include "value_check.hpp"

#include "catalog/json.hpp"
#include "config/names.hpp"
#include "common/byte_source.hpp"
#include "common/log_files.hpp"

#include <instrukt_ai/logging/logfmt.hpp>
#include <instrukt_ai/logging/names.hpp>

#include <fmt/format.h>

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <cstring>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

namespace instrukt_ai::catalog_tool {
namespace {

namespace ial = instrukt_ai::logging;
namespace logs = instrukt_ai::logs;
namespace fs = std::filesystem;

// Catalog events by name, with their keys by name.
struct event_index {
  const ial::catalog_event* event;
  std::unordered_map<std::string_view, const ial::catalog_field*> keys;
};

class checker {
 public:
  // Findings are written as they are found (a log of any size needs no memory for them).
  // The catalogs are kept: the indexes point into them.
  // The app's loggers start with its logger prefix, derived from the catalog's
  // app name as configure_logging derives it ("order-svc" -> "order_svc"); the
  // library catalog's app is its logger's name as written.
  checker(ial::catalog_description app, ial::catalog_description library, output_format format, std::FILE* out)
      : app_(std::move(app)), library_(std::move(library)), app_prefix_(ial::names_for(app_.app).logger_prefix),
        library_prefix_(library_.app), format_(format), out_(out) {
    index(app_, app_events_);
    index(library_, library_events_);
    for (const auto& x : app_.contexts)
      for (const auto& f : x.fields) context_keys_.emplace(f.key, context_key{&f, &x});
    if (format_ == output_format::json) std::fputs("{\"findings\":[", out_);
  }

  // One line of a log: its layout, then, for a line of the app or the
  // library, its event, level and keys against the catalog.
  void line(const std::string& file, std::size_t number, std::string_view text) {
    ++lines_;
    const where at{file, number};
    const auto* p = parse(at, text);
    if (p == nullptr) return;
    const event_index* event = find_event(at, *p);
    if (event == nullptr) return;
    check_level(at, *event->event, *p);
    const std::size_t matched = check_keys(at, *event, *p);
    check_missing_keys(at, *event->event, *p, matched);
  }

  void finish() const {
    if (format_ == output_format::json) {
      std::string s = fmt::format("],\"lines\":{},\"finding_count\":{},\"third_party_lines\":{},\"events\":{{",
                                  lines_, findings_, third_party_);
      append_counts(s, per_event_);
      s += "},\"levels\":{";
      append_counts(s, per_level_);
      s += "}}\n";
      std::fputs(s.c_str(), out_);
      return;
    }
    fmt::print(out_, "{} lines, {} findings, {} lines from other loggers (not checked)\n", lines_, findings_,
               third_party_);
    for (const auto& [name, n] : per_event_) fmt::print(out_, "  event {}: {}\n", name, n);
    for (const auto& [name, n] : per_level_) fmt::print(out_, "  level {}: {}\n", name, n);
  }

  bool clean() const noexcept { return findings_ == 0; }
  // Lines of the app's or the library's loggers: none means nothing was checked.
  std::size_t owned_lines() const noexcept { return owned_; }
  const std::string& app_prefix() const noexcept { return app_prefix_; }

 private:
  struct where {
    const std::string& file;
    std::size_t number;
  };
  using pairs = std::vector<ial::logfmt::pair>;

  // The line's pairs, once it is whole, valid logfmt and in the line layout
  // (time level= logger= msg=); null when not (reported).
  const pairs* parse(const where& at, std::string_view text) {
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.ends_with(ial::logfmt::cut_line_marker)) {
      add(at, "cut", "the line was cut by a failed write (ends with \"<cut>\"); its event is counted in "
                     "the next log_write_failed line");
      return nullptr;
    }
    ial::logfmt::parse_line(text, parsed_);
    if (parsed_.error) {
      add(at, "invalid_logfmt",
          fmt::format("not valid logfmt at column {}: {}", parsed_.error->column + 1, parsed_.error->message));
      return nullptr;
    }
    const auto& p = parsed_.pairs;
    if (p.size() < 4 || p[0].has_value || !is_line_time(p[0].key) || p[1].key != "level" || p[2].key != "logger" ||
        p[3].key != "msg" || !p[1].has_value || !p[2].has_value || !p[3].has_value) {
      add(at, "layout", "not in the line layout: <RFC 3339 UTC time> level=... logger=... msg=... keys");
      return nullptr;
    }
    const auto lvl = ial::parse_level(p[1].value);
    if (!lvl || ial::to_string(*lvl) != p[1].value) {
      add(at, "layout", fmt::format("unknown level \"{}\"", p[1].value));
      return nullptr;
    }
    ++per_level_[std::string(p[1].value)];
    return &p;
  }

  // The catalog's event of a line of the app or the library; null for a
  // third-party logger's line (counted) or an unknown event (reported).
  const event_index* find_event(const where& at, const pairs& p) {
    const std::string_view logger = p[2].value, msg = p[3].value;
    using logging::detail::matches_dotted_prefix;
    const auto* events = matches_dotted_prefix(logger, app_prefix_)       ? &app_events_
                         : matches_dotted_prefix(logger, library_prefix_) ? &library_events_
                                                                          : nullptr;
    if (events == nullptr) {
      ++third_party_;
      return nullptr;
    }
    ++owned_;
    const auto it = events->find(msg);
    if (it == events->end()) {
      add(at, "unknown_event", fmt::format("event \"{}\" (logger {}) is not in the catalog", msg, logger));
      return nullptr;
    }
    ++per_event_[std::string(msg)];
    return &it->second;
  }

  // The level the event is declared at; an operation's by its phase and outcome.
  void check_level(const where& at, const ial::catalog_event& e, const pairs& p) {
    const ial::level lvl = *ial::parse_level(p[1].value);
    bool start = false, failed = false;
    for (std::size_t i = 4; i < p.size(); ++i) {
      start = start || (p[i].key == "phase" && e.operation);
      failed = failed || (p[i].key == "outcome" && e.operation);
    }
    const bool level_ok = !e.operation ? lvl == e.severity
                          : start      ? lvl == ial::level::trace
                          : failed     ? lvl == ial::level::warning || lvl == ial::level::error
                                       : lvl == e.severity;
    if (level_ok) return;
    const std::string_view msg = p[3].value;
    add(at, "level",
        e.operation ? fmt::format("operation \"{}\" was logged at {}: expected TRACE (phase=start), DEBUG, or "
                                  "WARNING/ERROR with outcome=failed", msg, p[1].value)
                    : fmt::format("event \"{}\" is declared {} but was logged at {}", msg, ial::to_string(e.severity),
                                  p[1].value));
  }

  // Each key after msg=: the event's own, one the library adds (exc=,
  // flight_recorder=, suppressed=, an operation's), or a context's (which end
  // the line); its value against its type. Returns how many were the event's own.
  std::size_t check_keys(const where& at, const event_index& event, const pairs& p) {
    const ial::catalog_event& e = *event.event;
    const std::string_view msg = p[3].value;
    std::size_t matched = 0;
    const ial::catalog_context* in_context = nullptr;  // the context of the trailing keys seen so far
    for (std::size_t i = 4; i < p.size(); ++i) {
      const auto k = event.keys.find(p[i].key);
      const bool own = k != event.keys.end();
      const ial::catalog_value* type = own ? &k->second->value : library_key(p[i].key, e);
      if (type == nullptr) {
        // The keys of the app's contexts end any line of the app or the library (context.md).
        if (const auto c = context_keys_.find(p[i].key); c != context_keys_.end()) {
          type = &c->second.field->value;
          in_context = c->second.context;
        }
      } else if (in_context != nullptr) {
        add(at, "context_order",
            fmt::format("key \"{}\" of \"{}\" comes after the keys of context \"{}\", which end a line", p[i].key,
                        msg, in_context->name));
      }
      if (type == nullptr) {
        add(at, "extra_key",
            fmt::format("event \"{}\" has no key \"{}\"{}", msg, p[i].key,
                        app_.contexts.empty() ? "" : ", and no context of the catalog has it"));
        continue;
      }
      if (own) ++matched;
      check_value_of(at, msg, p[i], e.aggregate_every_ms && own ? widened(*type) : *type);
    }
    return matched;
  }

  void check_value_of(const where& at, std::string_view msg, const ial::logfmt::pair& pair,
                      const ial::catalog_value& type) {
    if (!pair.has_value) {
      add(at, "bad_value", fmt::format("key \"{}\" of \"{}\" has no value", pair.key, msg));
    } else if (type.type == "formatted" && pair.value.starts_with("<format error: ")) {
      // The writer's marker for a value whose fmt::formatter threw (codec_formatted.hpp).
      add(at, "format_error",
          fmt::format("key \"{}\" of \"{}\": its fmt::formatter threw; the line holds {}", pair.key, msg, pair.value));
    } else if (auto why = check_value(type, pair.value, pair.quoted); !why.empty()) {
      add(at, "bad_value", fmt::format("key \"{}\" of \"{}\": {}", pair.key, msg, why));
    } else if ((pair.key == "phase" && pair.value != "start") || (pair.key == "outcome" && pair.value != "failed")) {
      add(at, "bad_value", fmt::format("key \"{}\" of \"{}\": \"{}\" is not \"{}\"", pair.key, msg, pair.value,
                                       pair.key == "phase" ? "start" : "failed"));
    }
  }

  // Each declared key the line lacks. At flush and shutdown, a throttled
  // event's held-back count comes alone: msg=<event> suppressed=K.
  void check_missing_keys(const where& at, const ial::catalog_event& e, const pairs& p, std::size_t matched) {
    const bool count_only = e.throttle_lines != 0 && p.size() == 5 && p[4].key == "suppressed";
    if (matched >= e.fields.size() || count_only) return;
    for (const auto& f : e.fields) {
      bool present = false;
      for (std::size_t i = 4; i < p.size() && !present; ++i) present = p[i].key == f.key;
      if (!present) add(at, "missing_key", fmt::format("event \"{}\" lacks key \"{}\"", p[3].value, f.key));
    }
  }

  void add(const where& at, std::string_view kind, const std::string& message) { add(at.file, at.number, kind, message); }

  static void index(const ial::catalog_description& c, std::unordered_map<std::string_view, event_index>& into) {
    for (const auto& e : c.events) {
      event_index idx{&e, {}};
      for (const auto& f : e.fields) idx.keys.emplace(f.key, &f);
      into.emplace(e.name, std::move(idx));
    }
  }
  // The type of a key the library adds to e's lines, or null.
  const ial::catalog_value* library_key(std::string_view key, const ial::catalog_event& e) const noexcept {
    if (key == "flight_recorder") return &bool_type_;  // written late by the flight recorder (docs/control.md)
    if (key == "exc" || (e.operation && (key == "error" || key == "phase" || key == "outcome"))) return &string_type_;
    if (key == "suppressed" && e.throttle_lines != 0) return &count_type_;
    if (e.operation && key == "duration_ms") return &number_type_;
    if (e.aggregate_every_ms && key == "count") return &count_type_;
    if (e.aggregate_every_ms && key == "interval_s") return &number_type_;
    return nullptr;
  }

  // An aggregate line holds sums: integers as 64-bit, floating point as double.
  static ial::catalog_value widened(const ial::catalog_value& v) {
    ial::catalog_value w = v;
    if (v.type.starts_with("int")) w.type = "int64";
    else if (v.type.starts_with("uint")) w.type = "uint64";
    else if (v.type == "float") w.type = "double";
    return w;
  }

  static void append_counts(std::string& s, const std::map<std::string, std::size_t>& m) {
    bool first = true;
    for (const auto& [k, n] : m) {
      s += fmt::format("{}{}:{}", first ? "" : ",", logging::detail::json::quoted(k), n);
      first = false;
    }
  }
  // kind: cut invalid_logfmt layout unknown_event level missing_key extra_key context_order bad_value format_error
  void add(const std::string& file, std::size_t line, std::string_view kind, const std::string& message) {
    if (format_ == output_format::json)
      fmt::print(out_, "{}{{\"file\":{},\"line\":{},\"kind\":\"{}\",\"message\":{}}}", findings_ ? "," : "",
                 logging::detail::json::quoted(file), line, kind, logging::detail::json::quoted(message));
    else
      fmt::print(out_, "{}:{}: {}\n", file, line, message);
    ++findings_;
  }

  const ial::catalog_value string_type_{"string", {}, {}, {}, {}};
  const ial::catalog_value count_type_{"uint64", {}, {}, {}, {}};
  const ial::catalog_value number_type_{"double", {}, {}, {}, {}};
  const ial::catalog_value bool_type_{"bool", {}, {}, {}, {}};
  const ial::catalog_description app_, library_;
  std::string app_prefix_, library_prefix_;
  std::unordered_map<std::string_view, event_index> app_events_, library_events_;
  struct context_key {
    const ial::catalog_field* field;
    const ial::catalog_context* context;
  };
  std::unordered_map<std::string_view, context_key> context_keys_;  // the app's contexts' keys
  output_format format_;
  std::FILE* out_;
  ial::logfmt::parsed_line parsed_;  // reused for every line
  std::map<std::string, std::size_t> per_event_, per_level_;
  std::size_t lines_ = 0, third_party_ = 0, owned_ = 0, findings_ = 0;
};

// Feeds each line of the source to the checker, reading big blocks;
// `read(buffer, size)` gives up to size bytes, 0 at the end. False when the
// source was damaged (`damaged()`): its last line, cut by the damage, is not
// checked as a line.
template <class Read, class Damaged>
bool read_lines(Read&& read, Damaged&& damaged, const std::string& name, checker& c) {
  constexpr std::size_t block = std::size_t{1} << 20;
  std::unique_ptr<char[]> buf(new char[block]);
  std::string carry;  // a line split across blocks
  std::size_t number = 0;
  for (std::size_t n; (n = read(buf.get(), block)) > 0;) {
    std::string_view chunk(buf.get(), n);
    while (!chunk.empty()) {
      const auto nl = chunk.find('\n');
      if (nl == std::string_view::npos) {
        carry.append(chunk);
        break;
      }
      if (carry.empty()) {
        c.line(name, ++number, chunk.substr(0, nl));
      } else {
        carry.append(chunk.substr(0, nl));
        c.line(name, ++number, carry);
        carry.clear();
      }
      chunk.remove_prefix(nl + 1);
    }
  }
  if (damaged()) return false;
  if (!carry.empty()) c.line(name, ++number, carry);
  return true;
}

// The files an argument names: a log file (plain or .gz), a folder of logs
// (as instrukt-ai-logs lists an app's folder), or an app's name under `root`.
// Empty, with `error` set, when it names none.
std::vector<logs::log_file> files_for(const std::string& arg, const fs::path& root, std::string& error) {
  std::error_code ec;
  fs::path path = arg;
  if (!fs::exists(path, ec) && arg.find('/') == std::string::npos) {  // an app's name
    const auto stem = ial::names_for(arg).file_stem;
    if (!stem.empty() && fs::is_directory(root / stem, ec)) path = root / stem;
  }
  if (fs::is_directory(path, ec)) {
    auto listed = logs::list_log_files(path, {});
    if (!listed.error.empty()) error = listed.error;
    else if (listed.files.empty()) error = "no log file in " + path.string();
    return std::move(listed.files);
  }
  logs::log_file f;
  logs::classify(path.filename().string(), f);  // .gz or not; any other name is read as plain text
  f.compressed = arg.ends_with(".gz");
  f.path = path;
  f.symlink = true;  // named by the caller: read as given
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    error = "cannot open " + arg + ": " + std::strerror(errno) +
            (arg.find('/') == std::string::npos ? " (nor is it an app under " + root.string() + "; give --root)" : "");
    return {};
  }
  return {f};
}

}  // namespace

int run_check(const ial::catalog_description& catalog, const std::vector<std::string>& args, const fs::path& root,
              output_format format, bool allow_empty, std::FILE* out, std::FILE* err) {
  // Every argument is resolved and opened before the first line is checked: a wrong name fails fast.
  struct input {
    std::string name;
    std::unique_ptr<logs::byte_source> source;  // null: stdin
  };
  std::vector<input> inputs;
  for (const auto& arg : args) {
    if (arg == "-") {
      inputs.push_back({"<stdin>", nullptr});
      continue;
    }
    std::string error;
    for (const auto& f : files_for(arg, root, error)) {
      auto source = logs::byte_source::open(f, error);
      if (!source) break;
      inputs.push_back({f.path.string(), std::move(source)});
    }
    if (!error.empty()) {
      fmt::print(err, "instrukt-ai-catalog: {}\n", error);
      return 2;
    }
  }
  checker c(catalog, ial::library_catalog(), format, out);
  int status = 0;
  for (auto& in : inputs) {
    bool ok;
    if (!in.source) {
      ok = read_lines([](char* b, std::size_t n) { return std::fread(b, 1, n, stdin); },
                      [] { return std::ferror(stdin) != 0; }, in.name, c);
    } else {
      auto& s = *in.source;
      ok = read_lines([&](char* b, std::size_t n) { return s.read(b, n); }, [&] { return s.damaged(); }, in.name, c);
    }
    if (!ok) {
      if (!in.source)
        fmt::print(err, "instrukt-ai-catalog: cannot read <stdin>: {}\n", std::strerror(errno));
      else if (in.source->not_gzip())
        fmt::print(err, "instrukt-ai-catalog: {}\n", in.source->error());
      else
        fmt::print(err, "instrukt-ai-catalog: {}; the lines before the damage were checked\n", in.source->error());
      status = 2;
    }
  }
  c.finish();
  if (status != 0) return status;
  if (c.owned_lines() == 0 && !allow_empty) {
    // A gate that checked nothing must not pass: a wrong file, or a catalog of another app.
    fmt::print(err,
               "instrukt-ai-catalog: no line was checked: none comes from app \"{}\" (loggers \"{}\" and "
               "\"{}.*\") or from the library. Is this the app's log, and its catalog? --allow-empty accepts "
               "such a log.\n",
               catalog.app, c.app_prefix(), c.app_prefix());
    return 1;
  }
  return c.clean() ? 0 : 1;
}

}  // namespace instrukt_ai::catalog_tool
