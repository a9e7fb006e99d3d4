#include "ring_contexts.hpp"

#include <cstring>

namespace instrukt_ai::logging::detail {
namespace {

bool has_key(std::string_view text, std::string_view key) noexcept {
  logfmt::pair_reader r(text);
  logfmt::pair_view p;
  while (r.next(p))
    if (p.key == key) return true;
  return false;
}

// Whether level j has `key`: from its text, or for a level left out from its
// descriptor's keys.
bool level_has_key(const ring_contexts& c, std::size_t j, std::string_view key) noexcept {
  if (!c.level_cut[j]) return has_key(c.level_text(j), key);
  if (c.level_context[j] == nullptr) return false;
  for (const auto& f : c.level_context[j]->fields)
    if (f.key == key) return true;
  return false;
}

}  // namespace

ring_contexts ring_contexts::none;

void ring_contexts::merge() noexcept {
  merged_size = 0;
  merged_pairs = 0;
  merged_bits = 0;
  no_clash_with = nullptr;
  const std::size_t levels = levels_with_text();
  for (std::size_t i = 0; i < levels; ++i) {
    logfmt::pair_reader r(level_text(i));
    logfmt::pair_view p;
    while (r.next(p) && merged_pairs < max_pairs) {
      // An inner level has the key: its value is the one in force. When that
      // level's text was left out, no value is written rather than a stale one.
      bool replaced = false;
      for (std::size_t j = i + 1; j < levels && !replaced; ++j) replaced = level_has_key(*this, j, p.key);
      if (replaced) continue;
      const std::string_view t = pair_text(p);
      std::memcpy(merged + merged_size, t.data(), t.size());
      merged_size += static_cast<std::uint32_t>(t.size());
      merged_level[merged_pairs++] = static_cast<std::uint8_t>(i);
      merged_bits |= key_bit(p.key);
    }
  }
}

void ring_contexts::push_merged() noexcept {
  if (depth > max_levels) return;  // a level past the last with text: the merged text stays
  const std::size_t top = depth - 1;
  mark[top] = {merged_size, merged_pairs, merged_bits};
  appended[top] = false;
  no_clash_with = nullptr;
  if (!level_cut[top]) {
    // The level's keys, from its context's descriptor (one pair per field), or
    // read from its text. key_bit may say a key is in force when it is not,
    // never the reverse: no bit in common means no key in common.
    const descriptor* d = level_context[top];
    std::uint64_t bits = 0;
    std::size_t pairs = 0;
    if (d != nullptr && d->key_bits != ~std::uint64_t{0}) {  // all ones: keys that vary per record
      bits = d->key_bits;
      pairs = d->fields.size();
    } else {
      logfmt::pair_reader r(level_text(top));
      for (logfmt::pair_view p; r.next(p); ++pairs) bits |= key_bit(p.key);
    }
    if ((bits & merged_bits) == 0 && merged_pairs + pairs <= max_pairs) {
      const std::string_view t = level_text(top);  // " key=value" per pair, nothing else
      std::memcpy(merged + merged_size, t.data(), t.size());
      merged_size += static_cast<std::uint32_t>(t.size());
      for (std::size_t i = 0; i < pairs; ++i) merged_level[merged_pairs++] = static_cast<std::uint8_t>(top);
      merged_bits |= bits;
      appended[top] = true;
      return;
    }
  }
  merge();
}

void ring_contexts::pop(std::uint64_t n) noexcept {
  const std::size_t had = levels_with_text();
  depth = n >= depth ? 0 : depth - n;
  const std::size_t from = levels_with_text();
  if (from == had) return;  // only levels without text left
  bool all_appended = true;
  for (std::size_t i = from; i < had; ++i) all_appended = all_appended && appended[i];
  if (!all_appended) return merge();
  merged_size = mark[from].size;
  merged_pairs = mark[from].pairs;
  merged_bits = mark[from].bits;
  no_clash_with = nullptr;
}

}  // namespace instrukt_ai::logging::detail
