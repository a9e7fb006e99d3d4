// The writer's step for run-time levels, once per pass when due: reads the
// control file when it changed, and reverts a change whose time is up. Its
// lines (the change, a refused file, skipped lines) go before the records of
// the same pass.
#pragma once

#include "../writer/line_format.hpp"
#include "control_file.hpp"

#include <chrono>
#include <cstdint>
#include <memory>

namespace instrukt_ai::logging::detail {

class level_watch {
 public:
  // file: the levels file to watch (control_file.hpp); may be null.
  explicit level_watch(std::unique_ptr<control_file> file) : file_(std::move(file)) {}

  // At the first pass (the control file is read before the first lines), then
  // every check_interval.
  void run_if_due(std::chrono::steady_clock::time_point now, const own_lines& lines);

 private:
  static constexpr auto check_interval = std::chrono::milliseconds(200);
  void check(const own_lines& lines);
  void apply_control_file(const control_reading& reading, const own_lines& lines);

  std::unique_ptr<control_file> file_;
  std::chrono::steady_clock::time_point next_check_{};
};

}  // namespace instrukt_ai::logging::detail
