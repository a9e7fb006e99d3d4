// The log file: opened for append (so copytruncate rotation keeps working),
// written in large blocks by the writer thread only.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

namespace instrukt_ai::logging::detail {

class file_sink {
 public:
  // Creates the parent folders and opens the file; throws configuration_error
  // naming the path and the reason.
  static std::unique_ptr<file_sink> open(const std::filesystem::path& path);
  ~file_sink();
  file_sink(const file_sink&) = delete;
  file_sink& operator=(const file_sink&) = delete;

  // Writes all of `data` (whole lines; retrying short writes and EINTR).
  // On failure the rest is dropped and its lines counted as lost; the first
  // failure of each run of failures is reported on stderr with the path and
  // errno. A line cut by a failure is taken back (the file is truncated to
  // its start), so the file holds whole lines only and lost lines are exactly
  // those not in it; where that fails, the next successful write ends the cut
  // line with logfmt::cut_line_marker. Returns whether everything was written.
  // Async-signal-safe with report_failure false (a fatal-signal handler's drain).
  bool write(std::string_view data, bool report_failure = true) noexcept;
  void close() noexcept;

  // One write(2) of data to the open file, touching no other state: for a
  // fatal-signal handler when the writer thread cannot be stopped. Lines
  // written so interleave whole with the writer's (the file is O_APPEND).
  void write_racing(std::string_view data) const noexcept;

  // Reopens the path when it no longer names the open file (renamed or
  // deleted by an external rotation, as Python's WatchedFileHandler checks);
  // with force, reopens it regardless. If the path cannot be opened, the old
  // file is kept and the failure reported once on stderr. Returns whether it reopened.
  bool reopen_if_moved(bool force = false) noexcept;

  // Whether the folder watch (inotify) saw the path renamed or deleted since
  // the last call: one non-blocking read, so the writer can check every pass
  // and reopen at once instead of at its next 200 ms stat().
  bool path_moved() noexcept;

  std::uint64_t lost_lines() const noexcept { return lost_lines_; }
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  file_sink(std::filesystem::path path, int fd);
  void remember_identity() noexcept;
  bool write_all(std::string_view& data) noexcept;  // leaves the unwritten rest in data
  void drop(std::string_view unwritten, bool report) noexcept;
  bool take_back(std::size_t bytes) noexcept;  // truncates the last `bytes` written
  std::filesystem::path path_;
  std::atomic<int> fd_;  // read by write_racing() on another thread
  int watch_fd_ = -1;    // inotify on the folder; -1 when unavailable (the stat() check remains)
  std::uint64_t device_ = 0, inode_ = 0;
  bool reopen_reported_ = false;
  bool reported_ = false;
  bool cut_line_ = false;  // the file ends inside a line that could not be taken back
  std::uint64_t lost_lines_ = 0;
};

}  // namespace instrukt_ai::logging::detail
