#include "generation.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstring>

namespace instrukt_ai::ship {

namespace {

constexpr std::size_t first_line_limit = 4096;

std::string hex(std::uint64_t v) {
  char buf[17];
  return {buf, std::to_chars(buf, buf + sizeof buf, v, 16).ptr};
}

}  // namespace

generation::~generation() {
  if (fd >= 0) ::close(fd);
}

std::optional<std::string> generation_id(int fd, ino_t ino) {
  char buf[first_line_limit];
  const auto n = ::pread(fd, buf, sizeof buf, 0);
  if (n <= 0) return std::nullopt;
  const auto* nl = static_cast<const char*>(std::memchr(buf, '\n', static_cast<std::size_t>(n)));
  if (nl == nullptr && static_cast<std::size_t>(n) < sizeof buf) return std::nullopt;
  const std::size_t size = nl ? static_cast<std::size_t>(nl - buf) + 1 : sizeof buf;
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (std::size_t i = 0; i < size; ++i) h = (h ^ static_cast<unsigned char>(buf[i])) * 1099511628211ull;
  return hex(ino) + "-" + hex(h);
}

generation_ptr make_generation(int fd) {
  struct stat st {};
  std::optional<std::string> id;
  if (::fstat(fd, &st) == 0) id = generation_id(fd, st.st_ino);
  if (!id) {
    ::close(fd);
    return nullptr;
  }
  auto g = std::make_shared<generation>();
  g->fd = fd;
  g->ino = st.st_ino;
  g->id = std::move(*id);
  return g;
}

std::vector<std::string> names_in(int at, const char* folder) {
  std::vector<std::string> names;
  // A description of its own: a dup() of an open folder would share (and move) its position.
  const int fd = ::openat(at, folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  DIR* d = fd >= 0 ? ::fdopendir(fd) : nullptr;
  if (d == nullptr) {
    if (fd >= 0) ::close(fd);
    return names;
  }
  while (const dirent* e = ::readdir(d))
    if (e->d_name[0] != '.') names.emplace_back(e->d_name);
  ::closedir(d);
  return names;
}

std::vector<std::string> rotated_names(int dir, const std::string& stem) {
  auto names = names_in(dir, ".");
  const std::string prefix = stem + ".log.";
  std::erase_if(names, [&](const std::string& n) { return !n.starts_with(prefix) || n.ends_with(".gz"); });
  return names;
}

int find_copy(int dir, const std::string& stem, const std::string& id, std::uint64_t size) {
  const auto hash = id.substr(id.find('-') + 1);
  for (const auto& name : rotated_names(dir, stem)) {
    const int fd = ::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat st {};
    const auto copy_id = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) >= size
                             ? generation_id(fd, st.st_ino)
                             : std::nullopt;
    if (copy_id && copy_id->substr(copy_id->find('-') + 1) == hash) return fd;
    ::close(fd);
  }
  return -1;
}

}  // namespace instrukt_ai::ship
