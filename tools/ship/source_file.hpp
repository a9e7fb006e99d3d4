// One followed path, {root}/{app}/{file}.log, and its generations, oldest
// first: the front one is read until a newer one has started at the path and
// it has been read to its end. Every name is opened from the root's folder
// without following a symlink.
#pragma once

#include "generation.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace instrukt_ai::ship {

// A run of one generation's bytes, to be sent as one frame.
struct chunk {
  generation_ptr from;
  std::uint64_t offset = 0;
  std::string_view bytes;
};

using resume_point = std::pair<generation_ptr, std::uint64_t>;

class source_file {
 public:
  // `gone_after`: how long the path may have no file before its last
  // generation is taken as deleted.
  source_file(std::string app, std::string stem, std::chrono::milliseconds gone_after = std::chrono::seconds(60))
      : app_(std::move(app)), stem_(std::move(stem)), gone_after_(gone_after) {}

  const std::string& app() const noexcept { return app_; }
  const std::string& stem() const noexcept { return stem_; }
  const std::deque<generation_ptr>& generations() const noexcept { return generations_; }

  // Looks at the path: a new file there (once its first line is whole), or
  // this one truncated, starts a new generation. `deep` also compares the
  // first line, which tells a file truncated and grown past where it was read.
  // An error text when the path cannot be opened (other than not existing).
  // A path with no file for `gone_after`: its last generation is read to its
  // end and closed.
  std::string check(int root_fd, bool deep);

  // The next bytes to send, read into `buffer`: at most `limit`, up to the end
  // of a line (unless one line is longer, or its generation is done); nullopt
  // when none are ready. Bytes read from the file at the path count only if
  // it still starts with its generation's first line after the read: emptied
  // by copytruncate and grown again, it would hold another generation's bytes.
  std::optional<chunk> next(std::string& buffer, std::size_t limit);
  void sent(const chunk& c) noexcept { c.from->next = c.offset + c.bytes.size(); }

  // Reads again from these points (oldest first), then on as before.
  void rewind(const std::vector<resume_point>& from);

  // At start, generations found from saved positions (oldest first).
  void adopt(generation_ptr g) { generations_.push_back(std::move(g)); }

 private:
  void release_if_gone();

  std::string app_, stem_;
  std::chrono::milliseconds gone_after_;
  std::deque<generation_ptr> generations_;
  std::optional<std::chrono::steady_clock::time_point> missing_since_;  // the path has no file since
  bool suspect_ = false;  // next() saw the file start otherwise: check() compares its first line
};

}  // namespace instrukt_ai::ship
