// The shipper's saved positions (--positions FILE): for each source, each
// generation still to be read and from where, saved every second and at exit
// (written whole, fsync'ed). They lag what was sent by the frames that may
// not have arrived (resend_window.hpp), so a restart sends those again and
// the central writer drops what it already has.
//
//   ial-ship-positions 1
//   APP FILE INODE GENERATION OFFSET      one line per generation, oldest first
#pragma once

#include "generation.hpp"

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace instrukt_ai::ship {

struct saved_generation {
  std::string app, stem;
  ino_t ino = 0;
  std::string id;
  std::uint64_t offset = 0;
};

std::string positions_text(const std::vector<saved_generation>& saved);

// The generations in `text`; `error` says why not when it is not a positions file.
std::vector<saved_generation> parse_positions(std::string_view text, std::string& error);

// The saved generation's file, at its path or renamed beside it
// ({file}.log.N, not compressed), checked by its id; nullptr when it is gone.
generation_ptr find_generation(int root_fd, const saved_generation& saved);

}  // namespace instrukt_ai::ship
