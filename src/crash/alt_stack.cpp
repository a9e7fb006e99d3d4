#include "alt_stack.hpp"

#include <algorithm>
#include <csignal>
#include <cstddef>
#include <sys/mman.h>
#include <unistd.h>

namespace instrukt_ai::logging::detail {
namespace {

constexpr std::size_t min_stack_bytes = std::size_t{64} << 10;

struct alt_stack {
  void* mapping = nullptr;
  std::size_t mapped = 0;

  ~alt_stack() {
    if (mapping == nullptr) return;
    stack_t off{};
    off.ss_flags = SS_DISABLE;
    // It cannot be disabled while a handler runs on it (exit() called from a
    // signal handler ends the main thread there): then it stays mapped.
    if (::sigaltstack(&off, nullptr) == 0) ::munmap(mapping, mapped);
  }
};

thread_local alt_stack this_thread_stack;

}  // namespace

void ensure_alt_stack() noexcept {
  if (this_thread_stack.mapping != nullptr) return;
  stack_t current{};
  if (::sigaltstack(nullptr, &current) != 0 || (current.ss_flags & SS_DISABLE) == 0) return;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const long wanted = ::sysconf(_SC_SIGSTKSZ);
  const std::size_t size = (std::max(min_stack_bytes, wanted > 0 ? 4 * static_cast<std::size_t>(wanted) : 0) +
                            page - 1) / page * page;
  // One guard page below the stack: an overflow of the handler itself faults, it never writes past.
  void* mapping = ::mmap(nullptr, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (mapping == MAP_FAILED) return;
  ::mprotect(mapping, page, PROT_NONE);
  stack_t stack{};
  stack.ss_sp = static_cast<char*>(mapping) + page;
  stack.ss_size = size;
  if (::sigaltstack(&stack, nullptr) != 0) {
    ::munmap(mapping, size + page);
    return;
  }
  this_thread_stack.mapping = mapping;
  this_thread_stack.mapped = size + page;
}

}  // namespace instrukt_ai::logging::detail
