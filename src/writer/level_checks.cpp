// The writer's part in run-time levels: with its rotation check it reads the
// control file when it changed, and reverts a change whose time is up. Its
// lines (the change, a refused file, skipped lines) go before the records of
// the same pass.
#include "writer.hpp"

#include "../config/level_control.hpp"

namespace instrukt_ai::logging::detail {

void writer::check_levels() {
  const std::int64_t now_us = realtime_ns() / 1000;
  if (control_) {
    if (auto reading = control_->changed(now_us)) apply_control_file(*reading);
  }
  levels_change change;
  if (level_control::instance().expire_if_due(now_us, change) == level_control::outcome::changed)
    append_event(formatter_, buffer_, internal_logger_id_, change.event());
}

void writer::apply_control_file(const control_reading& reading) {
  using state = control_reading::state;
  const std::string path = control_->path().string();
  if (reading.what == state::refused) {
    // The levels in force stay.
    append_event(formatter_, buffer_, internal_logger_id_, log_levels_file_refused{path, reading.refusal});
    return;
  }
  const bool applies = reading.what == state::read && !reading.expired;
  levels_change change;
  const auto outcome = level_control::instance().from_file(applies ? &reading.levels : nullptr, reading.expired, change);
  if (outcome == level_control::outcome::busy) {
    control_->forget();  // an API change holds the levels: read the file again at the next check
    return;
  }
  // At most 10 bad lines one by one, then their count: a file of 64 KiB of
  // bad lines, rewritten, must not flood the log.
  constexpr std::size_t reported = 10;
  for (std::size_t i = 0; i < reading.bad_lines.size() && i < reported; ++i) {
    const auto& bad = reading.bad_lines[i];
    append_event(formatter_, buffer_, internal_logger_id_,
                 log_levels_line_ignored{path, bad.number, bad.text, bad.reason});
  }
  if (reading.bad_lines.size() > reported)
    append_event(formatter_, buffer_, internal_logger_id_,
                 log_levels_lines_ignored{path, reading.bad_lines.size() - reported});
  if (outcome == level_control::outcome::changed) append_event(formatter_, buffer_, internal_logger_id_, change.event());
}

}  // namespace instrukt_ai::logging::detail
