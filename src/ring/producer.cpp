// The caller's slow paths: attaching a ring to a new thread, waiting for or
// dropping on a full ring, the shared ring of threads past their teardown, and
// writing to stderr when no writer runs.
#include "../crash/alt_stack.hpp"
#include "../runtime.hpp"
#include "../writer/line_format.hpp"
#include "../writer/stamp_clock.hpp"

#include <instrukt_ai/logging/detail/ring/producer.hpp>

#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

namespace instrukt_ai::logging::detail {
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
  return p;
}

// No writer (before configure_logging, after shutdown, in a thread's
// teardown): the line goes to stderr, formatted here.
void write_to_stderr(std::uint64_t tag, std::size_t size, std::size_t max_bytes, record_encoder encode,
                     const void* event) {
  std::vector<std::uint64_t> storage((size + 7) / 8);
  auto* record = reinterpret_cast<std::byte*>(storage.data());
  encode(record, tag, 0, event, max_bytes);
  line_formatter formatter(max_bytes);
  line_buffer out(size * 2 + 128);
  formatter.append_line(out, record, realtime_ns());
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
          record_encoder encode, const void* event) {
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
      if (on_writer_thread || full_ring_policy_setting.load(std::memory_order_relaxed) == full_ring_policy::drop) {
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

}  // namespace

void emit_slow(std::uint64_t tag, std::size_t size, std::size_t max_bytes, record_encoder encode,
               const void* event) {
  producer* p = this_thread_producer;
  if (!p) p = attach_this_thread();
  bool written;
  if (p) {
    written = push(*p, nullptr, tag, size, max_bytes, encode, event);
  } else {
    // This thread's ring is gone (thread_local objects being destroyed): the shared ring, while the writer runs.
    writer* w = thread_exiting ? running_writer() : nullptr;
    written = w && push(w->shared_ring(), &w->shared_ring_mutex(), tag, size, max_bytes, encode, event);
  }
  if (!written) write_to_stderr(tag, size, max_bytes, encode, event);
}

}  // namespace instrukt_ai::logging::detail
