#include "suppressed_counts.hpp"

#include <atomic>

namespace instrukt_ai::logging::detail {
namespace {

std::atomic<throttle_pending*> listed_head{nullptr};  // newest first; entries are static, never unlisted

}  // namespace

void list_throttle(throttle_pending& t) noexcept {
  if (t.listed.exchange(true, std::memory_order_acq_rel)) return;  // another thread lists it
  throttle_pending* head = listed_head.load(std::memory_order_relaxed);
  do t.next = head;
  while (!listed_head.compare_exchange_weak(head, &t, std::memory_order_release, std::memory_order_relaxed));
}

void take_suppressed_counts(const std::function<void(const descriptor&, std::uint64_t, std::uint64_t)>& line) {
  for (throttle_pending* t = listed_head.load(std::memory_order_acquire); t != nullptr; t = t->next) {
    for (std::size_t i = 0; i < t->slot_count; ++i) {
      throttle_slot& s = t->slots[i];
      // A caller admitted at the same moment takes the count or leaves it: never both.
      if (const std::uint64_t n = s.suppressed.exchange(0, std::memory_order_relaxed))
        line(*t->line, s.logger_bits.load(std::memory_order_relaxed), n);
    }
  }
}

}  // namespace instrukt_ai::logging::detail
