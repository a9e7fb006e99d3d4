#include "level_watch.hpp"

#include "level_control.hpp"

namespace instrukt_ai::logging::detail {

void level_watch::run_if_due(std::chrono::steady_clock::time_point now, const own_lines& lines) {
  if (now < next_check_) return;
  check(lines);
  next_check_ = now + check_interval;
}

void level_watch::check(const own_lines& lines) {
  const std::int64_t now_us = realtime_ns() / 1000;
  if (file_) {
    if (auto reading = file_->changed(now_us)) apply_control_file(*reading, lines);
  }
  levels_change change;
  if (level_control::instance().expire_if_due(now_us, change) == level_control::outcome::changed)
    lines(change.event());
}

void level_watch::apply_control_file(const control_reading& reading, const own_lines& lines) {
  using state = control_reading::state;
  const std::string path = file_->path().string();
  if (reading.what == state::refused) {
    lines(log_levels_file_refused{path, reading.refusal});  // the levels in force stay
    return;
  }
  const bool applies = reading.what == state::read && !reading.expired;
  levels_change change;
  const auto outcome = level_control::instance().from_file(applies ? &reading.levels : nullptr, reading.expired, change);
  if (outcome == level_control::outcome::busy) {
    file_->forget();  // an API change holds the levels: read the file again at the next check
    return;
  }
  // At most 10 bad lines one by one, then their count: a file of 64 KiB of
  // bad lines, rewritten, must not flood the log.
  constexpr std::size_t reported = 10;
  for (std::size_t i = 0; i < reading.bad_lines.size() && i < reported; ++i) {
    const auto& bad = reading.bad_lines[i];
    lines(log_levels_line_ignored{path, bad.number, bad.text, bad.reason});
  }
  if (reading.bad_lines.size() > reported)
    lines(log_levels_lines_ignored{path, reading.bad_lines.size() - reported});
  if (outcome == level_control::outcome::changed) lines(change.event());
}

}  // namespace instrukt_ai::logging::detail
