// Files mapped for reading can shrink under the reader (copytruncate,
// `: > file`): a read of a page past the new end raises SIGBUS, which would
// kill the reader. While a mapping is watched, the SIGBUS handler maps zero
// pages over the rest of it, so that the read goes on, and records where the
// damage starts; the reader then drops every group that reaches it and
// reports the truncation.
#pragma once

#include <cstddef>
#include <string_view>

namespace instrukt_ai::logs {

class mapping_guard {
 public:
  static constexpr std::size_t intact = static_cast<std::size_t>(-1);

  mapping_guard() = default;
  explicit mapping_guard(std::string_view mapping);  // installs the handler on first use
  ~mapping_guard();
  mapping_guard(mapping_guard&& other) noexcept;
  mapping_guard& operator=(mapping_guard&& other) noexcept;

  // The offset of the first page that could not be read, or `intact`.
  std::size_t damaged_from() const noexcept;

  // Whether [begin, end) of the mapping can still be read: each of its pages
  // is touched, so that a page the file no longer has is found now, not when
  // the text is printed.
  bool readable(std::size_t begin, std::size_t end) const noexcept;

 private:
  int slot_ = -1;
  const char* base_ = nullptr;
};

}  // namespace instrukt_ai::logs
