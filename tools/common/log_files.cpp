#include "log_files.hpp"

#include <algorithm>
#include <fcntl.h>
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

int open_log_file(const log_file& file) {
  return ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC | (file.symlink ? 0 : O_NOFOLLOW));
}

bool readable_entry(const fs::path& folder, const std::string& name, const listing& how, log_file& file,
                    std::string& notice) {
  if (!classify(name, file)) return false;
  if (!how.stems.empty() && std::find(how.stems.begin(), how.stems.end(), file.stem) == how.stems.end()) return false;
  const fs::path path = folder / name;
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return false;
  file.symlink = S_ISLNK(st.st_mode);
  if (file.symlink) {
    std::error_code ec;
    const auto target = fs::canonical(path, ec);
    if (ec || ::stat(path.c_str(), &st) != 0) return false;
    if (!how.follow_symlinks && target.parent_path() != fs::canonical(folder, ec)) {
      notice = path.string() + " is a symlink to " + target.string() +
               ", outside its folder: skipped (--follow-symlinks reads it)";
      return false;
    }
  }
  if (!S_ISREG(st.st_mode)) return false;
  file.path = path;
  file.modified_us = std::int64_t{st.st_mtim.tv_sec} * 1'000'000 + st.st_mtim.tv_nsec / 1000;
  return true;
}

folder_files list_log_files(const fs::path& folder, const listing& how) {
  folder_files out;
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    log_file f;
    std::string notice;
    if (readable_entry(folder, it->path().filename().string(), how, f, notice))
      out.files.push_back(std::move(f));
    else if (!notice.empty())
      out.notices.push_back(std::move(notice));
  }
  if (ec && ec != std::errc::no_such_file_or_directory)
    out.error = "cannot list " + folder.string() + ": " + ec.message() +
                (ec == std::errc::too_many_files_open ? " (raise the limit: ulimit -n)" : "");
  std::sort(out.files.begin(), out.files.end(), [](const log_file& a, const log_file& b) {
    if (a.modified_us != b.modified_us) return a.modified_us < b.modified_us;
    return a.path < b.path;
  });
  return out;
}

std::vector<std::string> list_apps(const fs::path& root, std::string* error) {
  std::vector<std::string> apps;
  std::error_code ec;
  fs::directory_iterator it(root, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_directory(type_ec)) apps.push_back(it->path().filename().string());
  }
  if (ec && error && ec != std::errc::no_such_file_or_directory)
    *error = "cannot list " + root.string() + ": " + ec.message();
  std::sort(apps.begin(), apps.end());
  return apps;
}

}  // namespace instrukt_ai::logs
