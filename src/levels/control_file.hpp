// The control file next to the log, {root}/{app}/{app}.levels: the operator's
// way to change levels in a running service (docs/control.md). Lines in the
// environment's syntax, `#` comments and blank lines allowed:
//
//   MY_APP_LOG_LEVEL=DEBUG
//   MY_APP_THIRD_PARTY_LOGGERS=httpx
//   expires=2026-11-28T10:15:00Z
//
// The writer asks changed() with its rotation check (every 200 ms).
#pragma once

#include <instrukt_ai/logging/log_levels.hpp>

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace instrukt_ai::logging::detail {

struct control_reading {
  enum class state { absent, refused, read };
  state what = state::absent;
  std::string refusal;  // refused: why, and what to do
  log_levels levels;    // read: what it sets
  bool expired = false; // read: its expires= has passed
  struct bad_line {
    std::uint64_t number;  // from 1
    std::string text;
    std::string reason;
  };
  std::vector<bad_line> bad_lines;  // read, and skipped: the rest applies
};

// The settings a control file may hold, for {P} = env_prefix.
control_reading parse_control_text(std::string_view text, std::string_view env_prefix, std::int64_t now_us);
// The file's text for these settings (the tool writes it; parse_control_text reads it back).
std::string control_text(const log_levels& levels, std::string_view env_prefix);

// The latest expires= a control file may give, in microseconds since the
// epoch: the system clock counts nanoseconds in 64 bits, up to 2262-04-11.
inline constexpr std::int64_t latest_expiry_us =
    std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::time_point::max().time_since_epoch()).count() - 1;

// Largest control file read; a larger one is refused.
inline constexpr std::size_t control_file_max_bytes = std::size_t{64} << 10;

class control_file {
 public:
  control_file(std::filesystem::path path, std::string env_prefix);
  const std::filesystem::path& path() const noexcept { return path_; }

  // What the file says when it changed since the last call (appeared,
  // written, replaced, removed, its mode or owner changed); none otherwise.
  // A file that is group- or world-writable, not owned by this process's
  // user or root, a symbolic link or not a regular file is refused: whoever
  // can write it can turn on TRACE and fill the disk or expose payloads.
  std::optional<control_reading> changed(std::int64_t now_us);
  // The last reading could not be applied: the next call reads the file again.
  void forget() noexcept { known_ = false; }

 private:
  struct identity {
    bool exists = false;
    dev_t dev = 0;
    ino_t ino = 0;
    off_t size = 0;
    std::int64_t mtime_ns = 0, ctime_ns = 0;
    bool operator==(const identity&) const = default;
  };
  identity look() const noexcept;
  // The file's text, or why it is refused; absent when it is gone.
  control_reading::state read(std::string& text, std::string& refusal) const;

  std::filesystem::path path_;
  std::string env_prefix_;
  identity seen_;
  bool known_ = false;
};

}  // namespace instrukt_ai::logging::detail
