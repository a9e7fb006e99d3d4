// --follow: after the window, print new lines as `tail -F` does, across
// rotation, truncation and files that appear later.
#pragma once

#include "file_stream.hpp"
#include "printer.hpp"

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace instrukt_ai::logs {

// A live file the window read, and where it stopped.
struct followed_start {
  std::filesystem::path path;
  std::string stem;
  follow_point point;
};

struct follow_settings {
  std::filesystem::path folder;
  std::vector<std::string> stems;  // empty: every {stem}.log of the folder
  std::string suffix;              // printed after each line (" host=H" with --hosts)
  bool follow_symlinks = false;    // as the window's listing
  // How long a renamed file is still read after its successor appears and it
  // stopped growing: the writer goes on writing to it for up to ~200 ms.
  int grace_ms = 1000;
  int poll_ms = 100;
};

// One folder to follow, and where the window left its live files.
struct followed_folder {
  follow_settings settings;
  std::vector<followed_start> starts;
};

// Follows the folders in turn, on the calling thread, until `stop` is set.
// Each byte of each file is read once, so no line prints twice. A live file
// that cannot be opened (no descriptor left) is reported on stderr.
void follow(std::vector<followed_folder> folders, const query& q, printer& out, const std::atomic<bool>& stop);

}  // namespace instrukt_ai::logs
