// Tailing an app's live files as `tail -F` does: each byte read once, across
// rotation (the path names a new file: the old one is read on until it has
// been quiet for a grace period), truncation (read again from the start) and
// files that appear later (read from their start). instrukt-ai-logs --follow
// and instrukt-ai-log-level's wait for the service's answer share it.
#pragma once

#include "log_files.hpp"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace instrukt_ai::tools {

struct tail_settings {
  std::filesystem::path folder;
  logs::listing listing;  // which live files: stems (empty: every {stem}.log), symlinks
  // How long a renamed file is still read after its successor appears and it
  // stopped growing: the writer goes on writing to it for up to ~200 ms.
  std::chrono::milliseconds grace{1000};
  std::string tool;  // names stderr's notices (a file that cannot be opened, or was truncated)
};

class live_tail {
 public:
  explicit live_tail(tail_settings settings);
  ~live_tail();

  static constexpr std::uint64_t end_offset = ~std::uint64_t{0};  // where the file ends when added
  // Follows a file from `offset` (or end_offset); fd: already open (taken over), or -1.
  void add(const std::filesystem::path& path, const std::string& stem, int fd, std::uint64_t offset,
           bool symlink = false);
  // Every live file of the folder from where it ends now: only what comes next is read.
  void add_all_at_end();

  // The whole lines written since the last call, each file's in order:
  // line(file, text), `file` a number of its own for each file followed,
  // rising in the order the files were added.
  // Then closes renamed files quiet for the grace period; an unfinished last
  // line (a cut write) is passed as it is.
  using line_handler = std::function<void(std::uint64_t file, std::string_view text)>;
  void read(const line_handler& line);

 private:
  struct followed;
  followed* current(const std::string& stem);
  void discover();
  void read_file(std::size_t index, const line_handler& line);
  void retire(const line_handler& line);

  tail_settings settings_;
  std::vector<std::unique_ptr<followed>> files_;
  std::uint64_t next_id_ = 0;
};

}  // namespace instrukt_ai::tools
