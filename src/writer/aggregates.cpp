#include "aggregates.hpp"

#include <cstring>

namespace instrukt_ai::logging::detail {

aggregate_registry& aggregate_registry::instance() {
  static auto* registry = new aggregate_registry;  // never destroyed: the writer uses it at exit
  return *registry;
}

void* aggregate_registry::cell_for(const aggregate_ops& ops, const logger_core* core, void* (*make)()) {
  std::lock_guard lock(mutex_);
  const auto key = std::make_tuple(&ops, core, std::this_thread::get_id());
  if (auto it = cells_.find(key); it != cells_.end()) return it->second;
  // Cells live as long as the process: a thread that exits leaves its counts to be collected.
  void* cell = make();
  cells_.emplace(key, cell);
  for (auto& g : groups_) {
    if (g.ops == &ops && g.core == core) {
      g.cells.push_back(cell);
      return cell;
    }
  }
  groups_.push_back(group{&ops, core, {cell}, std::chrono::steady_clock::now()});
  return cell;
}

void aggregate_registry::emit(std::chrono::steady_clock::time_point now, bool final,
                              const std::function<void(const descriptor&, std::uint64_t, const std::byte*, std::size_t)>& line) {
  std::vector<std::byte> payload;
  std::lock_guard lock(mutex_);
  for (auto& g : groups_) {
    const auto elapsed = now - g.last;
    if (!final && elapsed < g.ops->every) continue;
    payload.assign(g.ops->payload_bytes, std::byte{0});
    for (void* cell : g.cells) g.ops->collect(cell, payload.data());
    g.last = now;
    std::uint64_t count;
    std::memcpy(&count, payload.data(), sizeof count);
    if (count == 0) continue;
    // A regular line gives its interval; the last one, the time since the line before.
    const double interval_s = final ? std::chrono::duration<double>(elapsed).count()
                                    : std::chrono::duration<double>(g.ops->every).count();
    const double rounded = static_cast<double>(static_cast<std::int64_t>(interval_s * 1000 + 0.5)) / 1000;
    std::memcpy(payload.data() + 8, &rounded, sizeof rounded);
    line(*g.ops->desc, g.core->tag_bits, payload.data(), payload.size());
  }
}

void* aggregate_cell_for(const aggregate_ops& ops, const logger_core* core, void* (*make)()) {
  return aggregate_registry::instance().cell_for(ops, core, make);
}

}  // namespace instrukt_ai::logging::detail
