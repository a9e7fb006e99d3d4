#include "log_files.hpp"

#include <algorithm>
#include <sys/stat.h>
#include <system_error>

namespace fs = std::filesystem;

namespace instrukt_ai::logs {

bool classify(const std::string& name, log_file& out) {
  std::string_view rest = name;
  out.compressed = rest.ends_with(".gz");
  if (out.compressed) rest.remove_suffix(3);
  const auto at = rest.rfind(".log");
  if (at == std::string_view::npos || at == 0) return false;
  const std::string_view tail = rest.substr(at + 4);
  if (tail.empty()) {
    out.live = !out.compressed;
  } else if (tail[0] == '.') {  // .N
    if (tail.size() == 1 || !std::all_of(tail.begin() + 1, tail.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    out.live = false;
  } else if (tail[0] == '-' && tail.size() > 1) {  // -DATE (logrotate's dateext)
    out.live = false;
  } else {
    return false;
  }
  out.stem = std::string(rest.substr(0, at));
  return true;
}

std::vector<log_file> list_log_files(const fs::path& folder, const std::vector<std::string>& stems) {
  std::vector<log_file> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    std::error_code type_ec;
    if (!entry.is_regular_file(type_ec)) continue;
    log_file f;
    if (!classify(entry.path().filename().string(), f)) continue;
    if (!stems.empty() && std::find(stems.begin(), stems.end(), f.stem) == stems.end()) continue;
    struct stat st;
    if (::stat(entry.path().c_str(), &st) != 0) continue;
    f.path = entry.path();
    f.modified_us = std::int64_t{st.st_mtim.tv_sec} * 1'000'000 + st.st_mtim.tv_nsec / 1000;
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(), [](const log_file& a, const log_file& b) {
    if (a.modified_us != b.modified_us) return a.modified_us < b.modified_us;
    return a.path < b.path;
  });
  return files;
}

std::vector<std::string> list_apps(const fs::path& root) {
  std::vector<std::string> apps;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) apps.push_back(entry.path().filename().string());
  }
  std::sort(apps.begin(), apps.end());
  return apps;
}

}  // namespace instrukt_ai::logs
