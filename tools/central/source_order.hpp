// Where one source file (a host's {app}/{file}.log) has got to in the central
// copy, so that bytes sent again are written once and bytes that never came
// are reported.
//
// Each frame is a run of one generation's bytes at an offset (a generation:
// which file was at the agent's path; rotation and copytruncate start a new
// one). Per generation the writer knows where what it wrote ends. A frame is
//   next      when it starts at that end, or before it and runs past it: the
//             part already written is skipped;
//   resent    when it ends at or before that end (dropped);
//   new       when its generation is new and it starts at offset 0;
//   gap       when it starts past that end (or its generation is new and it
//             starts past 0): written, and the bytes between reported.
// The shipper sends again from before what may not have arrived, so nothing
// but a repeat is ever dropped, however many bytes it sends again.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace instrukt_ai::central {

enum class verdict { next, new_generation, gap, resent };

struct decision {
  verdict what;
  std::uint64_t skip = 0;           // bytes at the front already written
  std::uint64_t missing_bytes = 0;  // for a gap
};

class source_order {
 public:
  static constexpr std::size_t kept_generations = 16;

  decision take(std::string_view generation, std::uint64_t offset, std::uint64_t size);

  // Text for the state file, and back; load() of anything else gives an
  // empty order (the next frames are taken as they come).
  std::string save() const;
  static source_order load(std::string_view text);

 private:
  struct generation {
    std::string id;
    std::uint64_t end = 0;  // where the bytes written of it end
  };
  std::vector<generation> generations_;  // oldest first
};

}  // namespace instrukt_ai::central
