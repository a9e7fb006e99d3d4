// Waiting, bounded, for something a test started to happen.
#pragma once

#include <chrono>
#include <thread>

namespace test_support {

// Polls done() every `step` until it is true (true) or `limit` has passed (false).
template <class Done>
bool wait_for(std::chrono::milliseconds limit, Done done,
              std::chrono::milliseconds step = std::chrono::milliseconds(50)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(step);
  }
  return true;
}

}  // namespace test_support
