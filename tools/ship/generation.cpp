#include "generation.hpp"

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

}  // namespace instrukt_ai::ship
