// Requests per second per tenant: a token bucket each, behind one lock.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace orders {

class token_buckets {
 public:
  // `rate` tokens a second, at most `burst` saved; rate 0: no limit.
  token_buckets(std::uint32_t rate, std::uint32_t burst) : rate_(rate), burst_(std::max(burst, 1u)) {}

  // Takes a token from the tenant's bucket: false when it is empty (a 429).
  bool take(std::string_view tenant) {
    if (rate_ == 0) return true;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    auto [it, added] = buckets_.try_emplace(std::string(tenant), bucket{double(burst_), now});
    auto& b = it->second;
    const std::chrono::duration<double> since = now - b.last;
    b.tokens = std::min<double>(burst_, b.tokens + since.count() * rate_);
    b.last = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
  std::uint32_t rate() const noexcept { return rate_; }
  std::uint32_t burst() const noexcept { return burst_; }

 private:
  struct bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  std::uint32_t rate_, burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace orders
