// Where one source file (a host's {app}/{file}.log) has got to in the central
// copy, so that a line rsyslog sends again is written once, and a line that
// never came is reported.
//
// rsyslog sends a line again only from its last RELP window (1,024 lines)
// and the batch it was sending when the session broke, so the last 4,096
// lines written, each known by its offset and the hash of its bytes, are
// enough to know a line sent again. Nothing else is ever dropped.
//
// The agent's file is renamed away by rotation and starts again at offset 0:
// each start is a generation. A line is
//   next      when it starts where a generation ends;
//   new       when it is at offset 0 (a new generation);
//   gap       when it starts past the end of every generation: the bytes
//             between never came;
//   early     when it starts before where a generation ends and is not a line
//             sent again (written, and reported: it should not happen);
//   resent    when it is one of the last lines written (dropped).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace instrukt_ai::central {

enum class verdict { next, new_generation, gap, early, resent };

struct decision {
  verdict what;
  std::uint64_t missing_bytes = 0;  // for a gap
};

class source_order {
 public:
  static constexpr std::size_t remembered_lines = 4096;
  static constexpr std::size_t kept_generations = 4;

  decision take(std::uint64_t offset, std::string_view line);

  // Text for the state file, and back; load() of anything else gives an
  // empty order (the next lines are taken as they come).
  std::string save() const;
  static source_order load(std::string_view text);

 private:
  void remember(std::uint64_t key);

  std::vector<std::uint64_t> next_;  // per generation, oldest first: the offset after its last line
  std::deque<std::uint64_t> recent_;  // keys of the last lines written, oldest first
  std::unordered_map<std::uint64_t, std::uint32_t> recent_count_;
};

}  // namespace instrukt_ai::central
