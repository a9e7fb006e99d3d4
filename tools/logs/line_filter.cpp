#include "line_filter.hpp"

#include "config/names.hpp"  // matches_dotted_prefix, the library's rule for logger prefixes

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace instrukt_ai::logs {
namespace {

std::optional<double> as_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s[0] == '+') s.remove_prefix(1);
  double v;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  if (!std::isfinite(v)) return std::nullopt;  // nan and inf compare as text, matching no numeric predicate
  return v;
}

}  // namespace

std::optional<double> as_duration(std::string_view text) {
  struct unit {
    std::string_view name;
    double seconds;
  };
  // Longer names first: "ms" before "s", "min" before "m".
  static constexpr unit units[] = {{"min", 60}, {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3},
                                   {"s", 1},    {"m", 60},    {"h", 3600},  {"d", 86400}};
  for (const auto& u : units)
    if (text.size() > u.name.size() && text.ends_with(u.name)) {
      const auto n = as_number(text.substr(0, text.size() - u.name.size()));
      return n ? std::optional<double>(*n * u.seconds) : std::nullopt;
    }
  return std::nullopt;
}

void where_clause::note_mismatch(std::string_view value) const {
  if (!mismatch_->seen.exchange(true)) mismatch_->value = std::string(value);
}

std::string where_clause::unit_mismatch() const {
  if (!mismatch_->seen.load()) return {};
  static constexpr std::string_view op_text[] = {"=", "!=", "<", "<=", ">", ">=", "~", "!~"};
  const std::string clause = key + std::string(op_text[static_cast<int>(relation)]);
  const std::string where = "--where '" + clause + text + "'";
  if (seconds)
    return where + ": " + key + " holds numbers without a unit (" + mismatch_->value +
           "), not durations: compare it with a number";
  return where + ": " + key + " holds durations (" + mismatch_->value + "): give " + text +
         " a unit, ns us ms s m h (" + clause + text + "ms)";
}

where_clause where_clause::parse(std::string_view text) {
  const auto key_end = text.find_first_of("=!<>~");
  if (key_end == std::string_view::npos || key_end == 0)
    throw std::invalid_argument("--where '" + std::string(text) +
                                "' needs KEY OP VALUE, OP one of = != > >= < <= ~ !~ (e.g. level>=WARNING, job_id=42)");
  where_clause c;
  c.key = std::string(text.substr(0, key_end));
  std::string_view rest = text.substr(key_end);
  struct spelling {
    std::string_view text;
    op relation;
  };
  static constexpr spelling ops[] = {{"!=", op::ne}, {"!~", op::no_match}, {">=", op::ge}, {"<=", op::le},
                                     {"=", op::eq},  {">", op::gt},        {"<", op::lt},  {"~", op::match}};
  bool found = false;
  for (const auto& o : ops)
    if (rest.starts_with(o.text)) {
      c.relation = o.relation;
      rest.remove_prefix(o.text.size());
      found = true;
      break;
    }
  if (!found)
    throw std::invalid_argument("--where '" + std::string(text) + "': unknown operator; use = != > >= < <= ~ !~");
  c.text = std::string(rest);
  const std::string where = "--where '" + std::string(text) + "'";
  if (c.relation == op::match || c.relation == op::no_match) {
    c.pattern.emplace(c.text, where);
    return c;
  }
  c.number = as_number(c.text);
  if (!c.number) c.seconds = as_duration(c.text);
  if (c.key == "level") {
    c.severity = logging::parse_level(c.text);
    if (!c.severity)
      throw std::invalid_argument(where + ": '" + c.text + "' is not a level (TRACE DEBUG INFO WARNING ERROR CRITICAL)");
    return c;
  }
  if (c.key == "logger" && (c.relation == op::eq || c.relation == op::ne) && c.text.ends_with(".*"))
    c.dotted_prefix = c.text.substr(0, c.text.size() - 2);
  const bool ordered = c.relation != op::eq && c.relation != op::ne;
  if (ordered && !c.number && !c.seconds)
    throw std::invalid_argument(where + ": '" + c.text + "' is not a number, nor a duration with its unit (250ms, 1.5s)");
  return c;
}

bool where_clause::holds(std::string_view value) const {
  switch (relation) {
    case op::match: return pattern->search(value);
    case op::no_match: return !pattern->search(value);
    default: break;
  }
  int order;  // value compared with the clause's value: <0, 0, >0; 2 = incomparable
  if (severity) {
    const auto l = logging::parse_level(value);
    if (!l) return relation == op::ne;
    order = *l < *severity ? -1 : *l > *severity ? 1 : 0;
  } else if (dotted_prefix) {
    const bool in = logging::detail::matches_dotted_prefix(value, *dotted_prefix);
    return relation == op::eq ? in : !in;
  } else if (const auto v = number ? as_number(value) : std::nullopt) {
    order = *v < *number ? -1 : *v > *number ? 1 : 0;
  } else if (const auto d = seconds ? as_duration(value) : std::nullopt) {
    order = *d < *seconds ? -1 : *d > *seconds ? 1 : 0;
  } else if ((number && as_duration(value)) || (seconds && as_number(value))) {
    note_mismatch(value);  // a duration against a bare number: no answer, reported
    return relation == op::ne;
  } else if (relation == op::eq || relation == op::ne) {
    order = value == text ? 0 : 2;
  } else {
    return false;  // not a number: > >= < <= fail
  }
  switch (relation) {
    case op::eq: return order == 0;
    case op::ne: return order != 0;
    case op::lt: return order == -1;
    case op::le: return order == -1 || order == 0;
    case op::gt: return order == 1;
    case op::ge: return order == 1 || order == 0;
    default: return false;
  }
}

void line_filter::grep(std::string_view pattern) { grep_.emplace(pattern, "--grep"); }

void line_filter::where(std::string_view predicate) {
  if (where_.size() == 64) throw std::invalid_argument("at most 64 --where predicates");
  where_.push_back(where_clause::parse(predicate));
}

void line_filter::exclude(std::string_view pattern) { exclude_.emplace(pattern, "--exclude"); }

bool line_filter::matches(std::string_view group, bool grep_matched) const {
  if (grep_ && !grep_matched && !grep_->search(group)) return false;
  if (exclude_ && exclude_->search(group)) return false;
  if (where_.empty()) return true;
  const auto eol = group.find('\n');
  logging::logfmt::pair_reader reader(group.substr(0, eol));
  logging::logfmt::pair_view pair;
  thread_local std::string scratch;  // unescaped quoted values (--hosts -f filters on several threads)
  std::size_t seen = 0;
  // Each clause is decided by the first pair with its key.
  std::uint64_t decided = 0;
  while (seen < where_.size() && reader.next(pair)) {
    if (!pair.has_value) continue;
    for (std::size_t i = 0; i < where_.size(); ++i) {
      if ((decided >> i & 1) || where_[i].key != pair.key) continue;
      if (!where_[i].holds(logging::logfmt::value_text(pair, scratch))) return false;
      decided |= std::uint64_t{1} << i;
      ++seen;
    }
  }
  for (std::size_t i = seen == where_.size() ? where_.size() : 0; i < where_.size(); ++i)
    if (!(decided >> i & 1) && where_[i].relation != where_clause::op::ne &&
        where_[i].relation != where_clause::op::no_match)
      return false;
  return true;
}

}  // namespace instrukt_ai::logs

namespace instrukt_ai::logs {

std::string line_filter::limit_report() const {
  std::string out;
  auto add = [&](const std::optional<regex>& r, std::string_view what) {
    if (!r || r->limited() == 0) return;
    if (!out.empty()) out += "; ";
    out += std::string(what) + " '" + r->pattern() + "' hit PCRE2's match limit on " + std::to_string(r->limited()) +
           " line" + (r->limited() == 1 ? "" : "s") + ", which could not be searched (simplify the pattern)";
  };
  add(grep_, "--grep");
  add(exclude_, "--exclude");
  for (const auto& w : where_) add(w.pattern, "--where " + w.key + (w.relation == where_clause::op::match ? "~" : "!~"));
  return out;
}

}  // namespace instrukt_ai::logs

namespace instrukt_ai::logs {

std::string line_filter::unit_report() const {
  std::string out;
  for (const auto& w : where_)
    if (auto m = w.unit_mismatch(); !m.empty()) out += (out.empty() ? "" : "; ") + m;
  return out;
}

}  // namespace instrukt_ai::logs
