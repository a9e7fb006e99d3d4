// Counts the allocations of the thread that sets `counting`, while it is set
// (the caller's: the writer thread's are its own business); not under a
// sanitizer, which owns operator new. Include it in one source of a test binary.
#pragma once

#include <atomic>
#include <cstdlib>
#include <new>

namespace test_support {
inline thread_local bool counting = false;
inline std::atomic<int> allocations{0};
}  // namespace test_support

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
namespace test_support {
inline constexpr bool counts_allocations = true;
}
void* operator new(std::size_t n) {
  if (test_support::counting) test_support::allocations.fetch_add(1);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#else
namespace test_support {
inline constexpr bool counts_allocations = false;
}
#endif
