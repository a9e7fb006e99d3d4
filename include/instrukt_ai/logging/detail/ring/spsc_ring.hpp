// A bounded single-producer / single-consumer byte ring for variable-size
// records. Positions grow without wrapping (64 bits); offsets are pos & mask.
// Each side keeps the other's position cached, on its own cache line, so the
// producer touches shared memory only when the ring looks full.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>

namespace instrukt_ai::logging::detail {

class spsc_ring {
 public:
  static constexpr std::size_t cache_line = 64;

  // capacity: a power of two, at least 4 KiB.
  explicit spsc_ring(std::size_t capacity)
      : buffer_(static_cast<std::byte*>(::operator new(capacity, std::align_val_t{cache_line}))),
        mask_(capacity - 1) {
    std::memset(buffer_, 0, capacity);  // fault the pages in now, not on the hot path
  }
  ~spsc_ring() { ::operator delete(buffer_, std::align_val_t{cache_line}); }
  spsc_ring(const spsc_ring&) = delete;
  spsc_ring& operator=(const spsc_ring&) = delete;

  std::size_t capacity() const noexcept { return mask_ + 1; }

  // --- producer ---------------------------------------------------------
  // Room for n bytes (a multiple of 8), contiguous; null when the ring is
  // full or closed, or n is more than capacity(). When the tail is too short, a zero word
  // there, published on its own, tells the reader to skip to the start; so any
  // record up to capacity() fits once the reader catches up.
  std::byte* try_reserve(std::size_t n) noexcept {
    if (!open_.load(std::memory_order_relaxed)) [[unlikely]] return nullptr;
    std::uint64_t pos = local_write_;
    const std::size_t tail = capacity() - (pos & mask_);
    if (n > tail) [[unlikely]] {
      // A record larger than the ring never fits: leave the ring as it is (no wrap marker).
      if (n > capacity() || !has_room(pos, tail)) return nullptr;
      std::memset(buffer_ + (pos & mask_), 0, 8);
      pos += tail;
      local_write_ = pos;
      write_pos_.store(pos, std::memory_order_release);
    }
    if (!has_room(pos, n)) [[unlikely]] return nullptr;
    pending_write_ = pos + n;
    return buffer_ + (pos & mask_);
  }

  // Publishes the bytes reserved by the last try_reserve.
  void commit() noexcept {
    local_write_ = pending_write_;
    write_pos_.store(pending_write_, std::memory_order_release);
  }

  bool is_open() const noexcept { return open_.load(std::memory_order_relaxed); }

  // --- consumer ---------------------------------------------------------
  std::uint64_t read_position() const noexcept { return local_read_; }
  std::uint64_t write_position() const noexcept { return write_pos_.load(std::memory_order_acquire); }

  // The record at pos (< end), skipping a wrap marker (pos moves past it);
  // null when only the marker was left before end.
  const std::byte* record_at(std::uint64_t& pos, std::uint64_t end) const noexcept {
    const std::size_t offset = pos & mask_;
    std::uint64_t tag;
    std::memcpy(&tag, buffer_ + offset, sizeof tag);
    if (tag != 0) return buffer_ + offset;
    pos += capacity() - offset;
    return pos < end ? buffer_ : nullptr;
  }

  // Hands the bytes before pos back to the producer.
  void release(std::uint64_t pos) noexcept {
    local_read_ = pos;
    read_pos_.store(pos, std::memory_order_release);
  }

  // After close(), try_reserve fails: the producer takes its slow path.
  void close() noexcept { open_.store(false, std::memory_order_relaxed); }

 private:
  // Whether n bytes from pos fit; reads the consumer's position only when the cached one says no.
  bool has_room(std::uint64_t pos, std::size_t n) noexcept {
    if (pos + n - cached_read_ <= capacity()) return true;
    cached_read_ = read_pos_.load(std::memory_order_acquire);
    return pos + n - cached_read_ <= capacity();
  }

  // Producer's line: read on every log call.
  alignas(cache_line) std::uint64_t local_write_ = 0;
  std::uint64_t pending_write_ = 0;
  std::uint64_t cached_read_ = 0;
  std::byte* const buffer_;
  const std::size_t mask_;
  std::atomic<bool> open_{true};

  // Published positions: each on its own line.
  alignas(cache_line) std::atomic<std::uint64_t> write_pos_{0};
  alignas(cache_line) std::atomic<std::uint64_t> read_pos_{0};

  // Consumer's line.
  alignas(cache_line) std::uint64_t local_read_ = 0;
};

}  // namespace instrukt_ai::logging::detail
