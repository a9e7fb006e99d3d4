// The files of one app's folder that the reader reads, and the app folders
// under a root.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace instrukt_ai::logs {

struct log_file {
  std::filesystem::path path;
  std::string stem;  // "cron" for cron.log, cron.log.1, cron.log-20261124.gz
  bool live = false;        // {stem}.log
  bool compressed = false;  // *.gz
  bool symlink = false;     // read through a symlink (--follow-symlinks, or one to a file of its own folder)
  std::int64_t modified_us = 0;  // modification time, microseconds since the epoch
};

// The file opened for reading: with O_NOFOLLOW unless it was listed as a
// symlink, so that a file swapped for a symlink after the listing is not read.
int open_log_file(const log_file& file);

// What a file name is to the reader: {stem}.log, {stem}.log.N, {stem}.log-DATE,
// each optionally .gz. False for every other name.
bool classify(const std::string& name, log_file& out);

// How a folder is listed. A symlink to a file outside its folder is skipped
// (with a notice) unless follow_symlinks: run as root, the reader would print
// any file a symlink in an app's folder names.
struct listing {
  std::vector<std::string> stems;  // empty: every stem
  bool follow_symlinks = false;
};

// What listing a folder found: its log files, oldest first (by modification
// time, then name) so that lines with equal timestamps keep the files' order;
// an error when the folder could not be read in full (an unreadable folder,
// no descriptor left); notices of files skipped.
struct folder_files {
  std::vector<log_file> files;
  std::string error;
  std::vector<std::string> notices;
};
folder_files list_log_files(const std::filesystem::path& folder, const listing& how);

// Whether the entry `name` of `folder` is a file the reader may read: a
// regular file, or a symlink as `listing` allows (then `file.symlink`).
bool readable_entry(const std::filesystem::path& folder, const std::string& name, const listing& how,
                    log_file& file, std::string& notice);

// The names of the folders under root (the apps), sorted; `error` set when the
// root could not be read in full.
std::vector<std::string> list_apps(const std::filesystem::path& root, std::string* error = nullptr);

}  // namespace instrukt_ai::logs
