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
  std::int64_t modified_us = 0;  // modification time, microseconds since the epoch
};

// What a file name is to the reader: {stem}.log, {stem}.log.N, {stem}.log-DATE,
// each optionally .gz. False for every other name.
bool classify(const std::string& name, log_file& out);

// The folder's log files, oldest first (by modification time, then name), so
// that lines with equal timestamps keep the files' order. `stems` empty: all.
std::vector<log_file> list_log_files(const std::filesystem::path& folder, const std::vector<std::string>& stems);

// The names of the folders under root (the apps), sorted.
std::vector<std::string> list_apps(const std::filesystem::path& root);

}  // namespace instrukt_ai::logs
