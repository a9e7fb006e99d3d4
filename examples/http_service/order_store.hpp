// The service's orders: in memory, behind one lock.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace orders {

struct order {
  std::uint64_t id = 0;
  std::string tenant;
  std::string sku;
  std::uint32_t quantity = 0;
};

class order_store {
 public:
  // Stores the order under a new id and returns it.
  std::uint64_t add(order o) {
    std::lock_guard lock(mutex_);
    o.id = next_id_++;
    const auto id = o.id;
    orders_.emplace(id, std::move(o));
    return id;
  }
  // The order, if this tenant has one of that id (another tenant's is not found).
  std::optional<order> find(std::uint64_t id, const std::string& tenant) const {
    std::lock_guard lock(mutex_);
    const auto it = orders_.find(id);
    if (it == orders_.end() || it->second.tenant != tenant) return std::nullopt;
    return it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, order> orders_;
};

}  // namespace orders
