#include "mapping_guard.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>

namespace instrukt_ai::logs {
namespace {

// One slot per watched mapping; the handler finds a fault's mapping by address.
struct slot {
  std::atomic<std::uintptr_t> base{0};
  std::atomic<std::size_t> size{0};
  std::atomic<std::size_t> damaged{mapping_guard::intact};
};
constexpr int slot_count = 1 << 14;
slot slots[slot_count];
std::mutex slots_lock;  // taking and giving back slots (not the handler)
struct sigaction previous {};

void on_sigbus(int signal, siginfo_t* info, void* context) {
  const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  for (auto& s : slots) {
    const auto base = s.base.load(std::memory_order_acquire);
    const auto size = s.size.load(std::memory_order_acquire);
    if (base == 0 || address < base || address >= base + size) continue;
    const auto from = address & ~(page - 1);
    // Zero pages from the fault to the mapping's end: reads there go on and see NULs.
    if (::mmap(reinterpret_cast<void*>(from), base + size - from, PROT_READ,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
      break;
    const std::size_t offset = from - base;
    std::size_t seen = s.damaged.load(std::memory_order_relaxed);
    while (offset < seen && !s.damaged.compare_exchange_weak(seen, offset)) {
    }
    return;
  }
  // Not a watched mapping: what SIGBUS would have done.
  ::sigaction(SIGBUS, &previous, nullptr);
  if (previous.sa_flags & SA_SIGINFO) {
    if (previous.sa_sigaction) previous.sa_sigaction(signal, info, context);
  } else if (previous.sa_handler != SIG_IGN && previous.sa_handler != SIG_DFL) {
    previous.sa_handler(signal);
  }
  // SIG_DFL: returning faults again, now with the default action.
}

void install() {
  struct sigaction sa {};
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGBUS, &sa, &previous);
}

}  // namespace

mapping_guard::mapping_guard(std::string_view mapping) : base_(mapping.data()) {
  static std::once_flag installed;
  std::call_once(installed, install);
  std::lock_guard lock(slots_lock);
  for (int i = 0; i < slot_count; ++i)
    if (slots[i].base.load(std::memory_order_relaxed) == 0) {
      slots[i].damaged.store(intact, std::memory_order_relaxed);
      slots[i].size.store(mapping.size(), std::memory_order_release);
      slots[i].base.store(reinterpret_cast<std::uintptr_t>(mapping.data()), std::memory_order_release);
      slot_ = i;
      return;
    }
  // Every slot taken: not watched (a truncation during the read then ends the reader, as before).
}

mapping_guard::~mapping_guard() {
  if (slot_ < 0) return;
  std::lock_guard lock(slots_lock);
  slots[slot_].base.store(0, std::memory_order_release);
  slots[slot_].size.store(0, std::memory_order_release);
}

mapping_guard::mapping_guard(mapping_guard&& other) noexcept : slot_(other.slot_), base_(other.base_) {
  other.slot_ = -1;
}

mapping_guard& mapping_guard::operator=(mapping_guard&& other) noexcept {
  std::swap(slot_, other.slot_);
  std::swap(base_, other.base_);
  return *this;
}

std::size_t mapping_guard::damaged_from() const noexcept {
  return slot_ < 0 ? intact : slots[slot_].damaged.load(std::memory_order_acquire);
}

bool mapping_guard::readable(std::size_t begin, std::size_t end) const noexcept {
  if (slot_ < 0 || begin >= end) return true;
  constexpr std::size_t page = 4096;  // touching more often than the real page size is harmless
  for (std::size_t at = begin;; at = (at / page + 1) * page) {
    if (at >= end) at = end - 1;
    (void)*static_cast<const volatile char*>(base_ + at);
    if (at == end - 1) break;
  }
  return end <= damaged_from();
}

}  // namespace instrukt_ai::logs
