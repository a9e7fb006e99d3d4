// Context on every line: while a scope lives, every line its thread logs ends
// with the context's fields.
//
//   ial::scoped_context scope{Request{.request_id = id, .tenant = "acme"}};
//   log.log(JobStarted{42});  // ... msg=job_started job_id=42 request_id=r-17 tenant=acme
//
// Scopes nest (inner fields after outer ones; an inner key replaces an outer
// one). To carry a context to another thread (a pool's task, a coroutine
// resumed elsewhere): capture it here, enter it there.
//
//   pool.submit([ctx = ial::capture_context()] { ial::scoped_context scope{ctx}; ... });
//
// A scope belongs to the thread that entered it: destroy it there, in reverse
// order of entry (as a local variable is).
#pragma once

#include <instrukt_ai/logging/context_info.hpp>
#include <instrukt_ai/logging/detail/context/context_record.hpp>

#include <cstdint>
#include <memory>

namespace instrukt_ai::logging {

namespace detail {
struct captured_records;
}
class trace_context;

// The contexts open on a thread when it was captured: copyable (it shares its
// bytes), owns them (the strings of the original scopes may be gone), cheap to copy.
class captured_context {
 public:
  captured_context() = default;
  bool empty() const noexcept { return records_ == nullptr; }
  // The number of levels it enters.
  std::uint32_t depth() const noexcept;

 private:
  friend captured_context capture_context();
  friend class scoped_context;
  std::shared_ptr<const detail::captured_records> records_;
};

// The calling thread's open contexts, to enter on another thread.
captured_context capture_context();

class scoped_context {
 public:
  template <context C>
  explicit scoped_context(const C& c) {
    static_assert(detail::valid_context<C>, "see the error above: the context type breaks a rule");
    if constexpr (detail::valid_context<C>) {
      if (detail::enter_context(c)) {
        place_ = detail::context_entered();
        levels_ = 1;
      }
    }
  }
  // Continues a captured context on this thread (inside this thread's own).
  explicit scoped_context(const captured_context& captured);
  // trace_id= and span_id= (trace_context.hpp), as the context "trace".
  explicit scoped_context(const trace_context& trace);
  ~scoped_context() {
    if (levels_ != 0) detail::contexts_left(levels_, place_);
  }
  scoped_context(const scoped_context&) = delete;
  scoped_context& operator=(const scoped_context&) = delete;

 private:
  std::uint32_t levels_ = 0;  // 0: refused, or an empty capture
  std::uint64_t place_ = 0;   // the thread and its depth once entered (context_entered)
};

// Context fields left out of lines so far because the line's own event had the
// same key (the event's value is written; each clash is also reported once on stderr).
inline std::uint64_t context_key_clashes() noexcept {
  return detail::context_key_clash_count.load(std::memory_order_relaxed);
}

}  // namespace instrukt_ai::logging
