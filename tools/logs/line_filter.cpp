#include "line_filter.hpp"

#include "config/names.hpp"  // matches_dotted_prefix, the library's rule for logger prefixes

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace instrukt_ai::logs {
namespace {

boost::regex compile(std::string_view pattern, const char* what) {
  try {
    return boost::regex(pattern.begin(), pattern.end(), boost::regex::perl);
  } catch (const boost::regex_error& e) {
    throw std::invalid_argument(std::string(what) + " '" + std::string(pattern) + "' is not a valid regular expression: " +
                                e.what());
  }
}

std::optional<double> as_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s[0] == '+') s.remove_prefix(1);
  double v;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// The first occurrence of `literal` in text at or after `from`, found by
// looking for its byte at `rare` with memchr.
std::size_t find(std::string_view text, std::size_t from, const std::string& literal, std::size_t rare) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const std::size_t n = literal.size();
  const char key = literal[rare];
  for (const char* p = begin + from + rare; p < end;) {
    p = static_cast<const char*>(std::memchr(p, key, static_cast<std::size_t>(end - p)));
    if (!p) break;
    const char* at = p - rare;
    if (static_cast<std::size_t>(end - at) < n) break;
    if (std::memcmp(at, literal.data(), n) == 0) return static_cast<std::size_t>(at - begin);
    ++p;
  }
  return std::string_view::npos;
}

bool search(const boost::regex& re, std::string_view text) {
  return boost::regex_search(text.begin(), text.end(), re, boost::match_not_dot_newline);
}

}  // namespace

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
    c.pattern = compile(c.text, where.c_str());
    return c;
  }
  c.number = as_number(c.text);
  if (c.key == "level") {
    c.severity = logging::parse_level(c.text);
    if (!c.severity)
      throw std::invalid_argument(where + ": '" + c.text + "' is not a level (TRACE DEBUG INFO WARNING ERROR CRITICAL)");
    return c;
  }
  if (c.key == "logger" && (c.relation == op::eq || c.relation == op::ne) && c.text.ends_with(".*"))
    c.dotted_prefix = c.text.substr(0, c.text.size() - 2);
  const bool ordered = c.relation != op::eq && c.relation != op::ne;
  if (ordered && !c.number) throw std::invalid_argument(where + ": '" + c.text + "' is not a number");
  return c;
}

bool where_clause::holds(std::string_view value) const {
  switch (relation) {
    case op::match: return search(*pattern, value);
    case op::no_match: return !search(*pattern, value);
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

void line_filter::grep(std::string_view pattern) {
  grep_ = compile(pattern, "--grep");
  literals_ = required_literals(pattern);
  grep_is_literal_ = literals_.size() == 1 && literals_[0] == pattern;
}

void line_filter::where(std::string_view predicate) {
  if (where_.size() == 64) throw std::invalid_argument("at most 64 --where predicates");
  where_.push_back(where_clause::parse(predicate));
}

void line_filter::exclude(std::string_view pattern) { exclude_ = compile(pattern, "--exclude"); }

std::size_t line_filter::candidates::next(std::size_t from) {
  const std::string_view text = text_;
  if (from >= text.size()) return std::string_view::npos;
  if (!f_.literals_.empty()) {
    const bool fresh = next_hit_.empty();
    if (fresh) {
      next_hit_.resize(f_.literals_.size());
      // Each literal is found through its byte that is rarest in this text
      // (counted on its first 64 KiB): memchr skips to it, memcmp confirms.
      std::array<std::size_t, 256> count{};
      for (unsigned char c : text.substr(0, 65536)) ++count[c];
      rare_.clear();
      for (const auto& l : f_.literals_) {
        std::size_t r = 0;
        for (std::size_t i = 1; i < l.size(); ++i)
          if (count[static_cast<unsigned char>(l[i])] < count[static_cast<unsigned char>(l[r])]) r = i;
        rare_.push_back(r);
      }
    }
    std::size_t first = std::string_view::npos;
    for (std::size_t k = 0; k < f_.literals_.size(); ++k) {
      if (fresh || next_hit_[k] < from) next_hit_[k] = find(text, from, f_.literals_[k], rare_[k]);
      first = std::min(first, next_hit_[k]);
    }
    return first;
  }
  // One search over the rest of the block: no per-line call. A match that
  // crosses into the next group is checked again on its own group.
  boost::match_results<const char*> found;
  const auto flags = boost::match_not_dot_newline | (from > 0 ? boost::match_prev_avail : boost::match_default);
  if (!boost::regex_search(text.data() + from, text.data() + text.size(), found, *f_.grep_, flags))
    return std::string_view::npos;
  return static_cast<std::size_t>(found[0].first - text.data());
}

bool line_filter::matches(std::string_view group) const { return matches(group, false); }

bool line_filter::matches(std::string_view group, bool candidate) const {
  if (grep_ && !(candidate && grep_is_literal_) && !search(*grep_, group)) return false;
  if (exclude_ && search(*exclude_, group)) return false;
  if (where_.empty()) return true;
  const auto eol = group.find('\n');
  logging::logfmt::pair_reader reader(group.substr(0, eol));
  logging::logfmt::pair_view pair;
  std::size_t seen = 0;
  // Each clause is decided by the first pair with its key.
  std::uint64_t decided = 0;
  while (seen < where_.size() && reader.next(pair)) {
    if (!pair.has_value) continue;
    for (std::size_t i = 0; i < where_.size(); ++i) {
      if ((decided >> i & 1) || where_[i].key != pair.key) continue;
      if (!where_[i].holds(logging::logfmt::value_text(pair, scratch_))) return false;
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

namespace {

// Which literals a regular expression guarantees, read by recursive descent:
// alternation := sequence ('|' sequence)*, sequence := (atom quantifier?)*.
// Anything it does not understand gives up (no literals: every line is read).
class literal_analysis {
 public:
  explicit literal_analysis(std::string_view pattern) : p_(pattern) {}

  std::vector<std::string> run() {
    auto found = alternation();
    if (gave_up_ || i_ != p_.size()) return {};
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
  }

 private:
  using any_of = std::vector<std::string>;  // one of these occurs in every match; empty: unknown

  // A set of longer literals finds fewer false candidates; then fewer literals.
  static bool better(const any_of& a, const any_of& b) {
    if (a.empty()) return false;
    if (b.empty()) return true;
    auto shortest = [](const any_of& s) {
      std::size_t n = ~std::size_t{0};
      for (const auto& l : s) n = std::min(n, l.size());
      return n;
    };
    return shortest(a) != shortest(b) ? shortest(a) > shortest(b) : a.size() < b.size();
  }

  any_of alternation() {
    any_of all = sequence();
    bool unknown = all.empty();
    while (!gave_up_ && i_ < p_.size() && p_[i_] == '|') {
      ++i_;
      any_of next = sequence();
      unknown = unknown || next.empty();
      all.insert(all.end(), next.begin(), next.end());
    }
    return unknown ? any_of{} : all;
  }

  any_of sequence() {
    any_of best;
    std::string run;
    auto end_run = [&] {
      if (!run.empty() && better({run}, best)) best = {run};
      run.clear();
    };
    while (!gave_up_ && i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      enum { literal, group, other } kind = other;
      char ch = 0;
      any_of inner;
      const char c = p_[i_];
      if (c == '\\') {
        if (i_ + 1 >= p_.size()) return give_up();
        const char e = p_[i_ + 1];
        i_ += 2;
        if (std::strchr("\\.^$|()[]{}*+?/-", e)) {
          kind = literal;
          ch = e;
        } else if (!std::strchr("dDwWsSbBAzZ", e)) {
          return give_up();  // escapes with arguments (\x41, \p{..}) and the rest: not worth reading
        }
      } else if (c == '[') {
        ++i_;
        if (i_ < p_.size() && p_[i_] == '^') ++i_;
        if (i_ < p_.size() && p_[i_] == ']') ++i_;
        while (i_ < p_.size() && p_[i_] != ']') i_ += p_[i_] == '\\' ? 2 : 1;
        if (i_ >= p_.size()) return give_up();
        ++i_;
      } else if (c == '(') {
        if (i_ + 1 < p_.size() && p_[i_ + 1] == '?') return give_up();  // flags, lookaround
        ++i_;
        inner = alternation();
        if (i_ >= p_.size() || p_[i_] != ')') return give_up();
        ++i_;
        kind = group;
      } else if (std::strchr("*+?{", c)) {
        return give_up();
      } else {
        ++i_;
        if (c != '.' && c != '^' && c != '$') {
          kind = literal;
          ch = c;
        }
      }
      bool optional = false, repeated = false;
      if (i_ < p_.size() && (p_[i_] == '*' || p_[i_] == '?')) {
        optional = true;
        ++i_;
      } else if (i_ < p_.size() && p_[i_] == '+') {
        repeated = true;
        ++i_;
      } else if (i_ < p_.size() && p_[i_] == '{') {
        optional = true;  // {0,n} may skip it
        while (i_ < p_.size() && p_[i_] != '}') ++i_;
        ++i_;
      }
      if (i_ < p_.size() && (p_[i_] == '?' || p_[i_] == '+')) ++i_;  // lazy, possessive
      if (kind == literal && !optional) {
        run += ch;
        if (repeated) end_run();
      } else {
        end_run();
        if (kind == group && !optional && better(inner, best)) best = inner;
      }
    }
    end_run();
    return best;
  }

  any_of give_up() {
    gave_up_ = true;
    return {};
  }

  std::string_view p_;
  std::size_t i_ = 0;
  bool gave_up_ = false;
};

}  // namespace

std::vector<std::string> required_literals(std::string_view pattern) { return literal_analysis(pattern).run(); }

}  // namespace instrukt_ai::logs
