// The central folder, held open: every path below it is reached from its
// descriptor one name at a time, with O_NOFOLLOW, so that nothing below it is
// ever opened through a symlink (the writer usually runs as root, and any
// host's folder may have been tampered with). A refused path says why.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace instrukt_ai::central {

// The outcome of an open: a descriptor, or the errno and a sentence.
struct opened {
  int fd = -1;
  int error = 0;
  std::string reason;
  explicit operator bool() const noexcept { return fd >= 0; }
};

class central_tree {
 public:
  explicit central_tree(int root_fd) noexcept : root_(root_fd) {}

  // {host}/{app}/{name}: folders made as needed (0750); the file opened with
  // `flags` (O_NOFOLLOW, O_NONBLOCK and O_CLOEXEC added) and `mode`. Only a
  // regular file is kept: a FIFO, a device or a symlink is refused.
  opened open(std::string_view host, std::string_view app, std::string_view name, int flags, mode_t mode = 0640) const;

  // Whether {host}/{app}/{name} is still the file (dev, ino): false when it was
  // renamed away, removed or replaced.
  bool is_same(std::string_view host, std::string_view app, std::string_view name, dev_t dev, ino_t ino) const;

 private:
  // The folder `name` in `parent`, made if `make`; -1 with `out` set on failure.
  int folder(int parent, const std::string& name, bool make, opened& out) const;

  int root_;
};

// The whole of a small regular file opened with `open` (at most `limit` bytes;
// more is an error). Empty when it does not exist.
struct read_result {
  std::string text;
  int error = 0;  // 0, or errno (ENOENT is not an error: empty text)
  std::string reason;
};
read_result read_small(const central_tree& tree, std::string_view host, std::string_view app, std::string_view name,
                       std::size_t limit);

// Writes every byte of `bytes` to `fd` (EINTR retried) and removes what was
// written; false with errno set when some could not be written.
bool write_all(int fd, std::string& bytes);

}  // namespace instrukt_ai::central
