// One generation of a source file: the file that was at {root}/{app}/{file}.log
// from its first line on. Rotation renames it away and a new one starts at the
// path; copytruncate empties it in place, which also starts a new one. Its id,
// "{inode}-{hash of its first line}" in hex, is the same whenever the shipper
// looks, so a frame sent again after a restart names the same generation.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace instrukt_ai::ship {

struct generation {
  int fd = -1;
  ino_t ino = 0;
  std::string id;
  std::uint64_t next = 0;         // where the next frame starts
  bool superseded = false;        // a newer one is at the path: read to its end, then done
  std::optional<std::uint64_t> sealed;  // truncated in place: nothing past this is its own

  generation() = default;
  generation(const generation&) = delete;
  generation& operator=(const generation&) = delete;
  ~generation();
};
using generation_ptr = std::shared_ptr<generation>;

// The id of the file open on `fd` (inode `ino`), once its first line is whole
// (or 4 KiB long); nullopt before that.
std::optional<std::string> generation_id(int fd, ino_t ino);

// `fd` as a generation (taken over), or nullptr (fd closed) when its first
// line is not whole yet.
generation_ptr make_generation(int fd);

// The names in the folder `folder` under `at` (opened without following a
// symlink, with a read position of its own), dot files left out.
std::vector<std::string> names_in(int at, const char* folder);

// The names rotation gives `stem`'s file in the folder `dir` ({stem}.log.N,
// not compressed), in the folder's order.
std::vector<std::string> rotated_names(int dir, const std::string& stem);

// What copytruncate left of generation `id` in the folder `dir`: a file
// {stem}.log.N (not compressed, not a symlink) starting with the same first
// line and at least `size` bytes long, open for reading; -1 when there is none.
int find_copy(int dir, const std::string& stem, const std::string& id, std::uint64_t size);

}  // namespace instrukt_ai::ship
