// The writer's copy of one ring's open contexts: each level's fields as text
// (" key=value ..."), formatted once at its push record, and the text every
// line of the ring ends with. Fixed-size and allocated with the ring, so the
// fatal-signal handler's drain keeps contexts without allocating.
#pragma once

#include "flight_recorder.hpp"

#include <instrukt_ai/logging/detail/event/descriptor.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace instrukt_ai::logging::detail {

struct ring_contexts {
  static ring_contexts none;  // always empty: for lines of no ring

  static constexpr std::size_t max_levels = 16;            // max_context_depth
  static constexpr std::size_t text_capacity = 8 << 10;    // all levels' text
  static constexpr std::size_t min_level_room = 512;       // less left: the level is cut
  static constexpr std::size_t max_pairs = text_capacity / 4;  // " k=v" at least

  std::uint64_t depth = 0;  // levels open (past max_levels: counted, no text)
  std::uint32_t level_end[max_levels]{};  // level i's text: [i ? level_end[i - 1] : 0, level_end[i])
  const descriptor* level_context[max_levels]{};
  bool level_cut[max_levels]{};  // its text did not fit and was left out (its keys still hide outer values)

  // The text lines end with: outer levels first, a key an inner level also has left out.
  std::uint32_t merged_size = 0;
  std::uint32_t merged_pairs = 0;
  std::uint64_t merged_bits = 0;                   // key_bit of every key in it
  const descriptor* no_clash_with = nullptr;       // a descriptor found to share none of its keys
  std::uint8_t merged_level[max_pairs]{};          // the level each pair comes from

  // The merged text as it was before each level's push, and whether that push
  // only appended the level's pairs (none of its keys was in force). Leaving
  // levels that were all appended then takes the merged text back to its
  // length before them, instead of merging every level again: a request's
  // scopes, entered and left per request, cost no merge.
  struct merge_mark {
    std::uint32_t size, pairs;
    std::uint64_t bits;
  };
  merge_mark mark[max_levels]{};
  bool appended[max_levels]{};

  // The ring's flight recorder history (flight_recorder.hpp): made with the
  // ring when the recorder is on, else by the writer at the first record kept.
  std::unique_ptr<flight_history> history;

  char text[text_capacity];
  char merged[text_capacity];

  std::size_t levels_with_text() const noexcept { return depth < max_levels ? depth : max_levels; }
  std::size_t text_used() const noexcept { return depth == 0 ? 0 : level_end[levels_with_text() - 1]; }
  std::string_view level_text(std::size_t i) const noexcept {
    const std::uint32_t begin = i == 0 ? 0 : level_end[i - 1];
    return {text + begin, level_end[i] - begin};
  }
  std::string_view merged_text() const noexcept { return {merged, merged_size}; }

  // After a push (depth already counts it): appends its pairs, or merges again.
  void push_merged() noexcept;
  // Rebuilds `merged` from every level.
  void merge() noexcept;
  // Leaves n levels (all of them for ~0).
  void pop(std::uint64_t n) noexcept;
};

// " key=value" of a pair read from text this library wrote (the space before it included).
inline std::string_view pair_text(const logfmt::pair_view& p) noexcept {
  const char* begin = p.key.data() - 1;
  const char* end = p.raw_value.data() + p.raw_value.size() + (p.quoted ? 1 : 0);
  return {begin, static_cast<std::size_t>(end - begin)};
}

}  // namespace instrukt_ai::logging::detail
