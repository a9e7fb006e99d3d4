// The writer's output buffer: lines are appended here, then written in one call.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace instrukt_ai::logging::detail {

// Where a buffer in spill mode sends its bytes when it is full.
struct spill_target {
  void (*write)(void* context, std::string_view bytes) noexcept;
  void* context;
};

class line_buffer {
 public:
  explicit line_buffer(std::size_t capacity = 1 << 16)
      : owned_(std::make_unique_for_overwrite<char[]>(capacity)), data_(owned_.get()), capacity_(capacity) {}
  // Over the caller's storage (a signal handler's stack); use with spill mode.
  line_buffer(char* storage, std::size_t capacity) noexcept : data_(storage), capacity_(capacity) {}

  // Spill mode, for signal handlers: the buffer never allocates. When it is
  // full, what it holds goes to the target and it starts over, so a line may
  // reach the target in pieces (in order). reserve_more(n) then needs
  // n <= capacity(); append() takes any size. Null: grow (the default).
  void set_spill(const spill_target* target) noexcept { spill_ = target; }
  // Hands what the buffer holds to the spill target.
  void spill() noexcept {
    if (size_ > 0) spill_->write(spill_->context, view());
    size_ = 0;
  }

  // Room for n more bytes at cursor().
  void reserve_more(std::size_t n) {
    if (size_ + n > capacity_) [[unlikely]] make_room(size_ + n);
  }
  // Room for n more bytes if that is cheap: a speed hint, never a promise.
  void reserve_hint(std::size_t n) {
    if (spill_ == nullptr) reserve_more(n);
  }
  char* cursor() noexcept { return data_ + size_; }
  void advance(std::size_t n) noexcept { size_ += n; }

  void append(std::string_view s) {
    if (s.empty()) return;  // an empty view may have a null data(): no memcpy from null
    if (size_ + s.size() > capacity_) [[unlikely]] {
      if (spill_ != nullptr && s.size() > capacity_) {  // too big to hold: straight to the target
        spill();
        spill_->write(spill_->context, s);
        return;
      }
      make_room(size_ + s.size());
    }
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

  std::string_view view() const noexcept { return {data_, size_}; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  void clear() noexcept { size_ = 0; }
  void resize(std::size_t n) noexcept { size_ = n; }  // n <= size()

 private:
  [[gnu::noinline]] void make_room(std::size_t need) {
    if (spill_ != nullptr) {
      spill();
      return;
    }
    std::size_t cap = capacity_ * 2;
    while (cap < need) cap *= 2;
    auto bigger = std::make_unique_for_overwrite<char[]>(cap);
    std::memcpy(bigger.get(), data_, size_);
    owned_ = std::move(bigger);
    data_ = owned_.get();
    capacity_ = cap;
  }

  std::unique_ptr<char[]> owned_;  // null over the caller's storage
  char* data_;
  std::size_t capacity_;
  std::size_t size_ = 0;
  const spill_target* spill_ = nullptr;
};

}  // namespace instrukt_ai::logging::detail
