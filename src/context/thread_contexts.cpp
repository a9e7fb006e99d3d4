// Scopes on the calling thread: its copy of the push records, and the records
// it writes to its ring on entry and exit.
#include "thread_contexts.hpp"

#include "../writer/internal_events.hpp"

#include <instrukt_ai/logging/context.hpp>
#include <instrukt_ai/logging/logger.hpp>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <unistd.h>
#include <vector>

namespace instrukt_ai::logging {
namespace detail {

namespace {

// A pop record's payload is read by the writer alone: no line.
const std::byte* no_fields(const std::byte* in, format_context&) { return in; }

struct thread_contexts {
  std::vector<std::uint64_t> words;  // the open levels' push records, back to back
  std::vector<std::uint32_t> ends;   // where each level's record ends, in words
  std::size_t pending_words = 0;     // the record context_reserve() handed out

  std::size_t used() const noexcept { return ends.empty() ? 0 : ends.back(); }
};
thread_local thread_contexts here;

std::atomic<bool> misuse_reported{false};

}  // namespace

struct captured_records {
  std::vector<std::uint64_t> words;
  std::vector<std::uint32_t> ends;
};

const descriptor context_pop_descriptor{"context_pop", level::info, {}, {}, &no_fields, nullptr,
                                        record_role::context_pop, 0};

std::byte* context_reserve(std::size_t size, std::string_view name) {
  const std::size_t depth = here.ends.size();
  if (depth >= max_context_depth || size > max_context_record_bytes) {
    get_logger(internal_logger_name)
        .log(log_context_refused{name, size, max_context_record_bytes, depth, max_context_depth});
    return nullptr;
  }
  if (here.ends.capacity() == 0) {  // once per thread: room for most services' scopes
    here.ends.reserve(max_context_depth);
    here.words.reserve(4 * max_context_record_bytes / sizeof(std::uint64_t));
  }
  here.pending_words = size / sizeof(std::uint64_t);
  here.words.resize(here.used() + here.pending_words);
  return reinterpret_cast<std::byte*>(here.words.data() + here.used());
}

std::uint32_t context_entered() {
  const std::size_t begin = here.used();
  here.ends.push_back(static_cast<std::uint32_t>(begin + here.pending_words));
  emit_context_record(reinterpret_cast<const std::byte*>(here.words.data() + begin),
                      here.pending_words * sizeof(std::uint64_t));
  return static_cast<std::uint32_t>(here.ends.size());
}

void contexts_left(std::uint32_t levels, std::uint32_t depth) noexcept {
  if (here.ends.size() != depth) {
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
  here.ends.resize(depth - levels);
  here.words.resize(here.used());
  std::uint64_t pop[3];
  put(reinterpret_cast<std::byte*>(pop), static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&context_pop_descriptor)));
  pop[1] = 0;
  pop[2] = levels;
  try {
    emit_context_record(reinterpret_cast<const std::byte*>(pop), sizeof pop);
  } catch (...) {  // attaching a ring failed (out of memory): the ring has none of these levels either
  }
}

void for_each_open_context(const std::function<void(const std::byte*, std::size_t)>& f) {
  std::size_t begin = 0;
  for (std::uint32_t end : here.ends) {
    f(reinterpret_cast<const std::byte*>(here.words.data() + begin), (end - begin) * sizeof(std::uint64_t));
    begin = end;
  }
}

}  // namespace detail

std::uint32_t captured_context::depth() const noexcept {
  return records_ ? static_cast<std::uint32_t>(records_->ends.size()) : 0;
}

captured_context capture_context() {
  captured_context c;
  if (detail::here.ends.empty()) return c;
  c.records_ = std::make_shared<const detail::captured_records>(
      detail::captured_records{detail::here.words, detail::here.ends});
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
    depth_ = detail::context_entered();
    ++levels_;
    begin = end;
  }
}

}  // namespace instrukt_ai::logging
