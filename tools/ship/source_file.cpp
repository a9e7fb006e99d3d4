#include "source_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace instrukt_ai::ship {

std::string source_file::check(int root_fd, bool deep) {
  deep = deep || suspect_;
  suspect_ = false;
  const int dir = ::openat(root_fd, app_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir < 0) {
    const int error = errno;
    if (error == ENOENT) release_if_gone();
    return error == ENOENT ? "" : std::string(std::strerror(error));
  }
  const int fd = ::openat(dir, (stem_ + ".log").c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  const int error = errno;
  if (fd < 0) {
    ::close(dir);
    if (error == ENOENT) {
      release_if_gone();
      return "";
    }
    return error == ELOOP ? "a symlink: not followed" : std::strerror(error);
  }
  missing_since_.reset();
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    ::close(dir);
    return "not a regular file";
  }
  const generation_ptr last = generations_.empty() ? nullptr : generations_.back();
  if (last && last->ino == st.st_ino && !last->sealed && !last->superseded) {
    // The same file: truncated in place, or (deep) emptied and grown again?
    struct stat now {};
    bool truncated = ::fstat(last->fd, &now) == 0 && static_cast<std::uint64_t>(now.st_size) < last->next;
    if (!truncated && deep) {
      const auto id = generation_id(last->fd, last->ino);
      truncated = id && *id != last->id;
    }
    if (!truncated) {
      ::close(fd);
      ::close(dir);
      return "";
    }
    // copytruncate: the rest of it is read from the copy, when there is one
    // (the same object, so that frames sent again read the same bytes).
    if (const int copy = find_copy(dir, stem_, last->id, last->next); copy >= 0) {
      ::close(last->fd);
      last->fd = copy;
      last->superseded = true;
    } else {
      last->sealed = last->next;  // what it had past that is gone
    }
  }
  ::close(dir);
  auto g = make_generation(fd);
  if (!g) return "";  // its first line is not whole yet
  if (last && !last->sealed) last->superseded = true;
  generations_.push_back(std::move(g));
  return "";
}

void source_file::release_if_gone() {
  // Renamed without a successor yet, the service reopens the path within a
  // second; gone for a minute, the file was deleted: read it to its end and
  // let it go (its descriptor would keep its disk space).
  const auto now = std::chrono::steady_clock::now();
  if (!missing_since_) missing_since_ = now;
  if (now - *missing_since_ >= gone_after_ && !generations_.empty()) generations_.back()->superseded = true;
}

std::optional<chunk> source_file::next(std::string& buffer, std::size_t limit) {
  while (!generations_.empty()) {
    const auto& g = generations_.front();
    const bool done = g->superseded || g->sealed;
    std::size_t want = limit;
    if (g->sealed) want = static_cast<std::size_t>(std::min<std::uint64_t>(want, *g->sealed - std::min(*g->sealed, g->next)));
    buffer.resize(limit);
    const auto n = want == 0 ? 0 : ::pread(g->fd, buffer.data(), want, static_cast<off_t>(g->next));
    if (n <= 0) {
      if (!done) return std::nullopt;
      generations_.pop_front();
      continue;
    }
    if (!done) {  // still at the path: read from it only if it still starts as it did (not emptied meanwhile)
      const auto id = generation_id(g->fd, g->ino);
      if (!id || *id != g->id) {
        suspect_ = true;  // check() looks at it closely
        return std::nullopt;
      }
    }
    std::string_view bytes(buffer.data(), static_cast<std::size_t>(n));
    const auto nl = bytes.rfind('\n');
    if (nl != std::string_view::npos) {
      bytes = bytes.substr(0, nl + 1);
    } else if (static_cast<std::size_t>(n) < limit && !done) {
      return std::nullopt;  // the rest of the line is still being written
    }
    return chunk{g, g->next, bytes};
  }
  return std::nullopt;
}

void source_file::rewind(const std::vector<resume_point>& from) {
  std::deque<generation_ptr> list;
  for (const auto& [g, offset] : from) {
    g->next = offset;
    list.push_back(g);
  }
  for (auto& g : generations_)
    if (std::find(list.begin(), list.end(), g) == list.end()) list.push_back(g);
  generations_ = std::move(list);
}

}  // namespace instrukt_ai::ship
