// Which lines print: --grep/--exclude over the raw text and --where predicates
// on decoded logfmt values, all of which must hold.
#pragma once

#include <instrukt_ai/logging/level.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include "regex.hpp"

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace instrukt_ai::logs {

// One --where predicate: KEY OP VALUE with OP one of = != > >= < <= ~ !~.
//   level>=WARNING   by severity (TRACE < DEBUG < INFO < WARNING < ERROR < CRITICAL)
//   logger=jobs.*    a dotted prefix (jobs, jobs.x, not jobsx); logger=jobs is exact
//   duration_ms>100  numeric when both sides are finite numbers (> >= < <= need one;
//                    nan and inf compare as text)
//   latency>1ms      durations when both sides have a unit (ns us ms s m|min h d);
//                    a bare number against a duration (either way) matches
//                    nothing and is reported: add a unit, or drop it
//   error~timeout    a regular expression searched in the value
// A line without the key fails every predicate but != and !~.
struct where_clause {
  enum class op { eq, ne, lt, le, gt, ge, match, no_match };
  std::string key;
  op relation = op::eq;
  std::string text;              // the value as given
  std::optional<double> number;  // text as a number
  std::optional<double> seconds;  // text as a duration
  std::optional<logging::level> severity;  // key "level"
  std::optional<std::string> dotted_prefix;  // key "logger", value "a.b.*"
  std::optional<regex> pattern;            // ~ and !~

  // Throws std::invalid_argument with a message that says what to fix.
  static where_clause parse(std::string_view text);
  bool holds(std::string_view value) const;

  // A value met that holds a duration where the clause gave a bare number, or
  // the other way round (the first one seen), for the report.
  std::string unit_mismatch() const;

 private:
  struct mismatch {
    std::atomic<bool> seen{false};
    std::string value;  // written once, by the thread that set `seen`
  };
  std::shared_ptr<mismatch> mismatch_ = std::make_shared<mismatch>();
  void note_mismatch(std::string_view value) const;
};

// A duration with its unit (250ms, 1.5s, 2m, 3min, 12us) in seconds; none
// for anything else.
std::optional<double> as_duration(std::string_view text);

class line_filter {
 public:
  // Each throws std::invalid_argument naming the bad pattern.
  void grep(std::string_view pattern);
  void exclude(std::string_view pattern);
  void where(std::string_view predicate);

  // With --grep the reader jumps from one match to the next instead of
  // reading every line: the pattern is searched for over a whole block.
  const regex* grep_pattern() const noexcept { return grep_ ? &*grep_ : nullptr; }

  // `group`: a timestamped line and any lines that continue it. The
  // predicates read the first line's pairs. grep_matched: --grep is known to
  // match (found in the group's text by a search over the block).
  bool matches(std::string_view group, bool grep_matched = false) const;

  // The patterns that hit PCRE2's match limit, with how many lines each could
  // not search (an error: exit 2); empty when none did.
  std::string limit_report() const;
  // The --where clauses that met durations against bare numbers (an error: exit 2).
  std::string unit_report() const;

 private:
  std::optional<regex> grep_, exclude_;
  std::vector<where_clause> where_;
};

}  // namespace instrukt_ai::logs
