// The writer's output buffer: lines are appended here, then written in one call.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace instrukt_ai::logging::detail {

class line_buffer {
 public:
  explicit line_buffer(std::size_t capacity = 1 << 16)
      : data_(std::make_unique_for_overwrite<char[]>(capacity)), capacity_(capacity) {}

  // Room for n more bytes at cursor().
  void reserve_more(std::size_t n) {
    if (size_ + n > capacity_) grow(size_ + n);
  }
  char* cursor() noexcept { return data_.get() + size_; }
  void advance(std::size_t n) noexcept { size_ += n; }

  void append(std::string_view s) {
    if (s.empty()) return;  // an empty view may have a null data(): no memcpy from null
    reserve_more(s.size());
    std::memcpy(cursor(), s.data(), s.size());
    size_ += s.size();
  }
  // N known at compile time: the copy becomes a few moves, not a memcpy call.
  template <std::size_t N>
  void append_fixed(const char* s) {
    reserve_more(N);
    std::memcpy(cursor(), s, N);
    size_ += N;
  }
  void push_back(char c) {
    reserve_more(1);
    data_[size_++] = c;
  }

  std::string_view view() const noexcept { return {data_.get(), size_}; }
  std::size_t size() const noexcept { return size_; }
  void clear() noexcept { size_ = 0; }
  void resize(std::size_t n) noexcept { size_ = n; }  // n <= size()

 private:
  [[gnu::noinline]] void grow(std::size_t need) {
    std::size_t cap = capacity_ * 2;
    while (cap < need) cap *= 2;
    auto bigger = std::make_unique_for_overwrite<char[]>(cap);
    std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = cap;
  }

  std::unique_ptr<char[]> data_;
  std::size_t capacity_;
  std::size_t size_ = 0;
};

}  // namespace instrukt_ai::logging::detail
