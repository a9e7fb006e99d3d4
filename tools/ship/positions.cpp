#include "positions.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <sstream>

namespace instrukt_ai::ship {

namespace {

constexpr std::string_view header = "ial-ship-positions 1\n";

// `name` in the folder `dir`, opened for reading if it is a regular file (not
// through a symlink) with inode `ino` and the saved id.
generation_ptr open_if_same(int dir, const std::string& name, const saved_generation& saved) {
  struct stat st {};
  if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) || st.st_ino != saved.ino)
    return nullptr;
  const int fd = ::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return nullptr;
  auto g = make_generation(fd);
  if (!g || g->id != saved.id) return nullptr;
  g->next = saved.offset;
  return g;
}

}  // namespace

std::string positions_text(const std::vector<saved_generation>& saved) {
  std::string out(header);
  for (const auto& s : saved)
    out += s.app + ' ' + s.stem + ' ' + std::to_string(s.ino) + ' ' + s.id + ' ' + std::to_string(s.offset) + '\n';
  return out;
}

std::vector<saved_generation> parse_positions(std::string_view text, std::string& error) {
  std::vector<saved_generation> out;
  if (!text.starts_with(header)) {
    error = "does not start with '" + std::string(header.substr(0, header.size() - 1)) + "'";
    return {};
  }
  std::istringstream in{std::string(text.substr(header.size()))};
  std::string line;
  for (int n = 2; std::getline(in, line); ++n) {
    std::istringstream words(line);
    saved_generation s;
    std::string rest;
    if (!(words >> s.app >> s.stem >> s.ino >> s.id >> s.offset) || (words >> rest)) {
      error = "line " + std::to_string(n) + " is not 'APP FILE INODE GENERATION OFFSET'";
      return {};
    }
    out.push_back(std::move(s));
  }
  return out;
}

generation_ptr find_generation(int root_fd, const saved_generation& saved) {
  const int dir = ::openat(root_fd, saved.app.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir < 0) return nullptr;
  const std::string live = saved.stem + ".log";
  auto g = open_if_same(dir, live, saved);
  for (const auto& name : rotated_names(dir, saved.stem))  // renamed by rotation: {file}.log.1, ...
    if (!g) g = open_if_same(dir, name, saved);
  if (g) {
    struct stat at_path {};
    g->superseded = !(::fstatat(dir, live.c_str(), &at_path, AT_SYMLINK_NOFOLLOW) == 0 && at_path.st_ino == g->ino);
  } else if (const int copy = find_copy(dir, saved.stem, saved.id, saved.offset); copy >= 0) {
    // Emptied in place (copytruncate): the rest of it is in its copy.
    g = std::make_shared<generation>();
    g->fd = copy;
    g->ino = saved.ino;
    g->id = saved.id;
    g->next = saved.offset;
    g->superseded = true;
  }
  ::close(dir);
  return g;
}

}  // namespace instrukt_ai::ship
