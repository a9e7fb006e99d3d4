// The caller's slow paths: attaching a ring to a new thread, waiting for or
// dropping on a full ring, the shared ring of threads past their teardown, and
// writing to stderr when no writer runs.
#include "../context/thread_contexts.hpp"
#include "../crash/alt_stack.hpp"
#include "../runtime.hpp"
#include "../writer/line_format.hpp"
#include "../writer/ring_contexts.hpp"
#include "../writer/stamp_clock.hpp"

#include <instrukt_ai/logging/detail/context/context_record.hpp>
#include <instrukt_ai/logging/detail/ring/producer.hpp>

#include <cstring>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace instrukt_ai::logging::detail {

producer::producer(std::size_t capacity) : ring(capacity), contexts(new ring_contexts) {}
producer::~producer() = default;

namespace {

constinit thread_local bool thread_exiting = false;

// Retires the thread's ring when the thread ends: the next new thread takes
// it over, or the writer, woken now, frees it once drained. So rings never
// outnumber the logging threads alive, whatever flush_interval is.
struct producer_owner {
  producer* p = nullptr;
  ~producer_owner() {
    thread_exiting = true;
    this_thread_producer = nullptr;
    if (!p) return;
    p->retired.store(true, std::memory_order_release);
    if (writer* w = running_writer()) w->wake();
  }
};
thread_local producer_owner owner;

producer* attach_this_thread() {
  if (thread_exiting) return nullptr;
  writer* w = running_writer();
  if (!w) return nullptr;
  producer* p = w->attach();
  if (!p) return nullptr;
  if (alt_stacks_wanted.load(std::memory_order_relaxed)) ensure_alt_stack();
  owner.p = p;
  this_thread_producer = p;
  replay_contexts(*p);
  return p;
}

// No writer (before configure_logging, after shutdown, in a thread's
// teardown): the line goes to stderr, formatted here. `encode` writes the
// record (max_bytes: its string limit, or its size for a record encoded already).
void write_to_stderr(std::uint64_t tag, std::size_t size, std::size_t max_bytes, record_encoder encode,
                     const void* event) {
  std::vector<std::uint64_t> storage((size + 7) / 8);
  auto* record = reinterpret_cast<std::byte*>(storage.data());
  encode(record, tag, 0, event, max_bytes);
  line_formatter formatter(max_value_bytes_setting.load(std::memory_order_relaxed));  // max_bytes is 0 for a fixed-size event
  line_buffer out(size * 2 + 128);
  // The thread's open contexts end this line too.
  auto contexts = std::make_unique<ring_contexts>();
  for_each_open_context([&](const std::byte* level, std::size_t) { formatter.append_line(out, level, 0, *contexts); });
  formatter.append_line(out, record, realtime_ns(), *contexts);
  std::string_view text = out.view();
  while (!text.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
    if (n <= 0) break;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

void count_drop(producer* p) noexcept {
  p->dropped.store(p->dropped.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

// Puts the record into p's ring, waiting or dropping as the full-ring policy
// says; each attempt holds `lock` when p's ring is shared. False if the ring is
// closed (shutdown has begun): the caller writes to stderr instead.
bool push(producer& p, std::mutex* lock, std::uint64_t tag, std::size_t size, std::size_t max_bytes,
          record_encoder encode, const void* event, bool may_drop = true) {
  if (size > p.ring.capacity()) {
    // It could never fit: counted, and a WARNING line naming it takes its place, stamped now.
    p.too_large.fetch_add(1, std::memory_order_relaxed);
    writer* w = running_writer();
    if (w == nullptr) return false;
    const log_event_too_large notice{record_descriptor(tag)->name, size, p.ring.capacity()};
    return push(p, lock, record_tag<log_event_too_large>(w->internal_logger_bits()),
                record_size(notice, ~std::size_t{0}), ~std::size_t{0}, &encode_record_erased<log_event_too_large>,
                &notice);
  }
  for (unsigned attempt = 0;; ++attempt) {
    {
      std::unique_lock held = lock ? std::unique_lock(*lock) : std::unique_lock<std::mutex>();
      if (std::byte* out = p.ring.try_reserve(size)) {
        encode(out, tag, read_stamp(), event, max_bytes);
        p.ring.commit();
        return true;
      }
      if (!p.ring.is_open()) return false;
      if (on_writer_thread ||
          (may_drop && full_ring_policy_setting.load(std::memory_order_relaxed) == full_ring_policy::drop)) {
        count_drop(&p);
        return true;
      }
    }
    if (attempt == 0) {
      if (writer* w = running_writer()) w->wake();
    } else if (attempt < 64) {
      std::this_thread::yield();
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  }
}

// A record already encoded (`event` points at it, max_bytes is its size): copied, and stamped now.
void copy_record(std::byte* out, std::uint64_t, std::uint64_t stamp, const void* record, std::size_t size) {
  std::memcpy(out, record, size);
  put(out + sizeof(std::uint64_t), stamp);
}

// Pushes a context record into p's ring, waiting for room.
void push_context(producer& p, const std::byte* record, std::size_t size) {
  std::uint64_t tag;
  take(record, tag);
  push(p, nullptr, tag, size, size, &copy_record, record, false);
}

}  // namespace

void replay_contexts(producer& p) {
  if (on_writer_thread) return;
  // First every level the ring may still hold from a thread that had it before (none left open normally).
  std::uint64_t reset[3];
  put(reinterpret_cast<std::byte*>(reset), static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&context_pop_descriptor)));
  reset[1] = 0;
  reset[2] = ~std::uint64_t{0};
  push_context(p, reinterpret_cast<const std::byte*>(reset), sizeof reset);
  for_each_open_context([&](const std::byte* record, std::size_t size) { push_context(p, record, size); });
}

void emit_context_record(const std::byte* record, std::size_t size) {
  if (on_writer_thread) return;  // it has no ring of its own: its lines carry no context
  producer* p = this_thread_producer;
  if (p == nullptr) {
    attach_this_thread();  // a new ring starts from the open contexts, this change included
    return;
  }
  if (std::byte* out = p->ring.try_reserve(size)) [[likely]] {
    copy_record(out, 0, read_stamp(), record, size);
    p->ring.commit();
    return;
  }
  push_context(*p, record, size);
}

namespace {

// The slow path's record, encoded by the caller: in the thread's scratch, or
// (larger) in a heap block that commit_slow() frees. Trivially destructible, so
// that a thread's last events (from its thread_local destructors) can use it.
constexpr std::size_t scratch_words = 256;  // 2 KiB
struct slow_scratch {
  std::uint64_t small[scratch_words];
  std::uint64_t* large;  // owned while a large record waits for commit_slow()
  std::byte* current;
};
constinit thread_local slow_scratch scratch{};

}  // namespace

std::byte* slow_record(std::size_t size) {
  delete[] std::exchange(scratch.large, nullptr);  // left by an encoder that threw (a field's copy constructor)
  std::uint64_t* words = scratch.small;
  if (size > sizeof scratch.small) words = scratch.large = new std::uint64_t[(size + 7) / 8];
  scratch.current = reinterpret_cast<std::byte*>(words);
  return scratch.current;
}

void commit_slow(std::size_t size) {
  const std::unique_ptr<std::uint64_t[]> large(std::exchange(scratch.large, nullptr));
  const std::byte* record = scratch.current;
  std::uint64_t tag;
  take(record, tag);
  // Each path copies the record before anything that could log again on this thread; the
  // copy into a ring is stamped then, as the record enters the ring (after any wait).
  producer* p = this_thread_producer;
  if (!p) p = attach_this_thread();
  bool written;
  if (p) {
    written = push(*p, nullptr, tag, size, size, &copy_record, record);
  } else {
    // This thread's ring is gone (thread_local objects being destroyed): the shared ring, while the writer runs.
    writer* w = thread_exiting ? running_writer() : nullptr;
    written = w && push(w->shared_ring(), &w->shared_ring_mutex(), tag, size, size, &copy_record, record);
  }
  // No writer: no flight recorder either, and a record only for it is let go.
  if (!written && (tag & recorded_bit) == 0) write_to_stderr(tag, size, size, &copy_record, record);
}

}  // namespace instrukt_ai::logging::detail
