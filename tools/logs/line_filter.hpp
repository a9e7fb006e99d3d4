// Which lines print: --grep/--exclude over the raw text and --where predicates
// on decoded logfmt values, all of which must hold.
#pragma once

#include <instrukt_ai/logging/level.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include <boost/regex.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace instrukt_ai::logs {

// One --where predicate: KEY OP VALUE with OP one of = != > >= < <= ~ !~.
//   level>=WARNING   by severity (TRACE < DEBUG < INFO < WARNING < ERROR < CRITICAL)
//   logger=jobs.*    a dotted prefix (jobs, jobs.x, not jobsx); logger=jobs is exact
//   duration_ms>100  numeric when both sides are numbers (> >= < <= need a number)
//   error~timeout    a regular expression searched in the value
// A line without the key fails every predicate but != and !~.
struct where_clause {
  enum class op { eq, ne, lt, le, gt, ge, match, no_match };
  std::string key;
  op relation = op::eq;
  std::string text;              // the value as given
  std::optional<double> number;  // text as a number
  std::optional<logging::level> severity;  // key "level"
  std::optional<std::string> dotted_prefix;  // key "logger", value "a.b.*"
  std::optional<boost::regex> pattern;     // ~ and !~

  // Throws std::invalid_argument with a message that says what to fix.
  static where_clause parse(std::string_view text);
  bool holds(std::string_view value) const;
};

class line_filter {
 public:
  // Each throws std::invalid_argument naming the bad pattern.
  void grep(std::string_view pattern);
  void exclude(std::string_view pattern);
  void where(std::string_view predicate);

  bool empty() const noexcept { return !grep_ && !exclude_ && where_.empty(); }
  // With --grep the reader jumps from candidate to candidate instead of
  // reading every line: next(from) is the next place in the text where a
  // match may start (or npos). It searches for the pattern's required
  // literals (memchr to their rarest byte), or, when it has none, for the pattern itself over
  // the whole text.
  bool can_jump() const noexcept { return grep_.has_value(); }
  class candidates {
   public:
    candidates(const line_filter& f, std::string_view text) : f_(f), text_(text) {}
    std::size_t next(std::size_t from);

   private:
    const line_filter& f_;
    std::string_view text_;
    std::vector<std::size_t> next_hit_;  // each literal's next occurrence, kept while it lies ahead
    std::vector<std::size_t> rare_;      // each literal's byte that is rarest in the text
  };
  // `group` holds a candidate found by candidates::next(): a --grep that is a
  // plain literal needs no regex run.
  bool matches(std::string_view group, bool candidate) const;

  // `group`: a timestamped line and any lines that continue it. The
  // predicates read the first line's pairs.
  bool matches(std::string_view group) const;

 private:
  std::optional<boost::regex> grep_, exclude_;
  std::vector<std::string> literals_;  // one of them is in every --grep match
  bool grep_is_literal_ = false;  // the pattern is its only literal: finding it is a match
  std::vector<where_clause> where_;
  mutable std::string scratch_;  // unescaped quoted values
};

// Literals one of which every match of a regular expression contains: the
// longest run outside groups (`msg=job_[a-z]+` -> msg=job_), or one per
// alternative (`(job_failed|cache_miss)` -> both). Empty when unsure (flags,
// lookaround, escapes with arguments, an alternative without a literal).
std::vector<std::string> required_literals(std::string_view pattern);

}  // namespace instrukt_ai::logs
