// Scopes on the calling thread: its copy of the push records, and the records
// it writes to its ring on entry and exit.
#include "thread_contexts.hpp"

#include "../library_events.hpp"

#include <instrukt_ai/logging/context.hpp>
#include <instrukt_ai/logging/detail/ring/producer.hpp>
#include <instrukt_ai/logging/logger.hpp>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unistd.h>
#include <vector>

namespace instrukt_ai::logging {
namespace detail {

namespace {

// A pop record's payload is read by the writer alone: no line.
const std::byte* no_fields(const std::byte* in, format_context&) { return in; }

constexpr std::uint32_t inline_words = 128;  // 1 KiB: most threads' scopes fit here
constexpr std::uint32_t most_words = max_context_depth * max_context_record_bytes / sizeof(std::uint64_t);

// Trivially destructible, so that reaching it costs no guard; its heap storage
// (deep or large scopes only) has an owner of its own.
struct thread_contexts {
  std::uint32_t serial;                  // this thread's number (0 until its first scope)
  std::uint32_t depth;
  std::uint32_t pending;                 // words of the record context_reserve() handed out
  std::uint32_t ends[max_context_depth];  // where each level's record ends, in words
  std::uint64_t* heap;                   // null: the records are in inline_storage
  std::uint64_t inline_storage[inline_words];

  std::uint64_t* words() noexcept { return heap != nullptr ? heap : inline_storage; }
  std::uint32_t used() const noexcept { return depth == 0 ? 0 : ends[depth - 1]; }
};
constinit thread_local thread_contexts here{};

struct heap_owner {
  std::unique_ptr<std::uint64_t[]> storage;
  ~heap_owner() { here.heap = nullptr; }
};
thread_local heap_owner heap;

std::atomic<bool> misuse_reported{false};
std::atomic<std::uint32_t> next_serial{1};

// The record into the thread's ring, if it has room now (the usual case);
// emit_context_record() does the rest.
void publish(const std::uint64_t* record, std::uint32_t words) {
  if (producer* p = this_thread_producer) [[likely]] {
    if (std::byte* out = p->ring.try_reserve(words * sizeof(std::uint64_t))) [[likely]] {
      auto* o = reinterpret_cast<std::uint64_t*>(out);  // records are 8-byte aligned
      o[0] = record[0];
      o[1] = read_stamp();
      for (std::uint32_t i = 2; i < words; ++i) o[i] = record[i];
      p->ring.commit();
      return;
    }
  }
  emit_context_record(reinterpret_cast<const std::byte*>(record), words * sizeof(std::uint64_t));
}

}  // namespace

struct captured_records {
  std::vector<std::uint64_t> words;
  std::vector<std::uint32_t> ends;
};

const descriptor context_pop_descriptor{"context_pop", level::info, {}, {}, &no_fields, nullptr,
                                        record_role::context_pop, 0};

std::byte* context_reserve(std::size_t size, std::string_view name) {
  if (here.depth >= max_context_depth || size > max_context_record_bytes) [[unlikely]] {
    get_logger(internal_logger_name)
        .log(log_context_refused{name, size, max_context_record_bytes, here.depth, max_context_depth});
    return nullptr;
  }
  here.pending = static_cast<std::uint32_t>(size / sizeof(std::uint64_t));
  if (here.heap == nullptr && here.used() + here.pending > inline_words) [[unlikely]] {
    heap.storage = std::make_unique_for_overwrite<std::uint64_t[]>(most_words);
    std::memcpy(heap.storage.get(), here.inline_storage, here.used() * sizeof(std::uint64_t));
    here.heap = heap.storage.get();
  }
  return reinterpret_cast<std::byte*>(here.words() + here.used());
}

std::uint64_t context_entered() {
  const std::uint32_t begin = here.used();
  here.ends[here.depth++] = begin + here.pending;
  publish(here.words() + begin, here.pending);
  if (here.serial == 0) [[unlikely]]
    here.serial = next_serial.fetch_add(1, std::memory_order_relaxed);
  return std::uint64_t{here.serial} << 32 | here.depth;
}

void contexts_left(std::uint32_t levels, std::uint64_t place) noexcept {
  // By the thread's identity, not its depth: another thread at the same depth is not this one.
  if (place >> 32 != here.serial || static_cast<std::uint32_t>(place) != here.depth) [[unlikely]] {
    // Left on another thread, or before a scope entered after it: the levels stay open where they were.
    if (!misuse_reported.exchange(true)) {
      constexpr std::string_view text =
          "instrukt_ai::logging: a scoped_context was destroyed on another thread than the one that entered "
          "it, or before a scope entered after it; its context stays on that thread's lines. Keep scopes as "
          "local variables; to carry a context to another thread, use capture_context() (reported once)\n";
      [[maybe_unused]] const auto n = ::write(STDERR_FILENO, text.data(), text.size());
    }
    return;
  }
  here.depth -= levels;
  const std::uint64_t pop[3] = {reinterpret_cast<std::uintptr_t>(&context_pop_descriptor), 0, levels};
  try {
    publish(pop, 3);
  } catch (...) {  // attaching a ring failed (out of memory): the ring has none of these levels either
  }
}

void for_each_open_context(const std::function<void(const std::byte*, std::size_t)>& f) {
  std::uint32_t begin = 0;
  for (std::uint32_t i = 0; i < here.depth; ++i) {
    f(reinterpret_cast<const std::byte*>(here.words() + begin), (here.ends[i] - begin) * sizeof(std::uint64_t));
    begin = here.ends[i];
  }
}

}  // namespace detail

std::uint32_t captured_context::depth() const noexcept {
  return records_ ? static_cast<std::uint32_t>(records_->ends.size()) : 0;
}

captured_context capture_context() {
  captured_context c;
  auto& h = detail::here;
  if (h.depth == 0) return c;
  c.records_ = std::make_shared<const detail::captured_records>(
      detail::captured_records{{h.words(), h.words() + h.used()}, {h.ends, h.ends + h.depth}});
  return c;
}

scoped_context::scoped_context(const captured_context& captured) {
  if (captured.records_ == nullptr) return;
  const auto& r = *captured.records_;
  std::size_t begin = 0;
  for (std::uint32_t end : r.ends) {
    const std::size_t size = (end - begin) * sizeof(std::uint64_t);
    std::uint64_t tag;
    detail::take(reinterpret_cast<const std::byte*>(r.words.data() + begin), tag);
    std::byte* out = detail::context_reserve(size, detail::record_descriptor(tag)->name);
    if (out == nullptr) break;
    std::memcpy(out, r.words.data() + begin, size);
    place_ = detail::context_entered();
    ++levels_;
    begin = end;
  }
}

}  // namespace instrukt_ai::logging
