// Finding line groups in a block of log text: a timestamped line and the lines
// without a timestamp that follow it. Only groups in the window that pass the
// filter are handed on; with --grep, the scan jumps from one match of the
// pattern in the block to the next instead of reading every line.
#pragma once

#include "line_filter.hpp"
#include "common/time_text.hpp"

#include <cstring>
#include <limits>
#include <string_view>

namespace instrukt_ai::logs {

// How far back a line's timestamp may be from the newest line written before
// it (docs/reading.md): a record committed as a writer pass starts can be
// written after newer records. Windows and merges allow this much.
inline constexpr micros out_of_order_tolerance = 2'000'000;

inline constexpr micros no_time = std::numeric_limits<micros>::min();

struct query {
  micros since = no_time;
  micros until = std::numeric_limits<micros>::max();
  line_filter filter;

  bool in_window(micros t) const noexcept { return t >= since && t <= until; }
  bool past_window(micros t) const noexcept {
    return until != std::numeric_limits<micros>::max() && t > until + out_of_order_tolerance;
  }
};

struct scan_state {
  micros newest = no_time;  // the newest timestamp read (a lower bound when lines were skipped)
  bool past_until = false;  // a line beyond --until (plus the tolerance) was read: stop
  bool ordered = true;      // false once the file's timestamps were seen going back: read to its end
};

// The start of the line that holds `at` (not before `floor`).
inline std::size_t line_start(std::string_view text, std::size_t at, std::size_t floor) noexcept {
  if (at <= floor) return floor;
  const void* nl = ::memrchr(text.data() + floor, '\n', at - floor);
  return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1 : floor;
}

// The end (the '\n' or text.size()) of the line that starts at `at`.
inline std::size_t line_end(std::string_view text, std::size_t at) noexcept {
  const void* nl = std::memchr(text.data() + at, '\n', text.size() - at);
  return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
}

inline std::optional<micros> time_at(std::string_view text, std::size_t at) noexcept {
  return line_time(text.substr(at, std::min<std::size_t>(40, text.size() - at)));
}

// The timestamp of the last timestamped line in text, if any.
std::optional<micros> last_time(std::string_view text) noexcept;

// emit(micros, std::string_view group) for each group of `block` (which starts
// at a line start) in the window that passes the filter.
template <class Emit>
void scan_block(std::string_view block, const query& q, scan_state& st, Emit&& emit) {
  const std::size_t n = block.size();
  const regex* grep = q.filter.grep_pattern();
  auto finish = [&](std::size_t start, std::size_t end, micros t, bool grep_matched = false) {
    if (t != no_time && t > st.newest) st.newest = t;
    if (t != no_time && st.ordered && q.past_window(t)) {
      st.past_until = true;
      return;
    }
    const std::string_view text = block.substr(start, end - start);
    if (t != no_time && q.in_window(t) && q.filter.matches(text, grep_matched)) emit(t, text);
  };
  if (grep) {
    // A match found over the block within one line is the group's; one that
    // spans lines (\s+ can match a line end) is checked again on the group.
    // A search that hits the match limit goes on line by line for the rest of
    // the block; a line that hits it alone is counted (grep's limit).
    std::size_t pos = 0;
    bool by_line = false;
    while (pos < n && !st.past_until) {
      const std::size_t eol = by_line ? line_end(block, pos) : n;
      const auto found = grep->find(block.substr(0, eol), pos);
      if (found.limited) {
        if (by_line) {
          grep->count_limited();
          pos = eol + 1;
        }
        by_line = true;
        continue;
      }
      const std::size_t m = found.begin;
      if (m == std::string_view::npos) {
        if (!by_line) break;
        pos = eol + 1;
        continue;
      }
      const bool one_line = !std::memchr(block.data() + m, '\n', found.end - m);
      std::size_t start = line_start(block, m, pos);
      std::optional<micros> t = time_at(block, start);
      while (!t && start > pos) {  // a continuation line: back to its timestamped line
        start = line_start(block, start - 1, pos);
        t = time_at(block, start);
      }
      std::size_t end = line_end(block, m);
      while (end + 1 < n && !starts_with_time(block.substr(end + 1, 20))) end = line_end(block, end + 1);
      finish(start, end, t ? *t : no_time, one_line);
      pos = end + 1;
    }
    if (const auto t = last_time(block); t && *t > st.newest) {
      st.newest = *t;
      if (st.ordered && q.past_window(*t)) st.past_until = true;
    }
    return;
  }
  std::size_t start = 0;
  micros t = no_time;
  for (std::size_t pos = 0; pos < n && !st.past_until;) {
    if (block[pos] == '\n') {  // an empty line: a continuation, cheaply
      ++pos;
      continue;
    }
    const std::size_t end = line_end(block, pos);
    if (block[pos] >= '0' && block[pos] <= '9')
      if (const auto lt = time_at(block, pos)) {
        if (pos > start) finish(start, pos - 1, t);
        start = pos;
        t = *lt;
      }
    pos = end + 1;
  }
  if (!st.past_until && start < n) finish(start, n && block[n - 1] == '\n' ? n - 1 : n, t);
}

}  // namespace instrukt_ai::logs
