#include "logger_registry.hpp"

#include <instrukt_ai/logging/detail/line/line_buffer.hpp>
#include <instrukt_ai/logging/detail/record/record.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include "../writer/flight_recorder.hpp"
#include "names.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace instrukt_ai::logging {
namespace detail {

logger_registry& logger_registry::instance() {
  static auto* registry = new logger_registry();  // never destroyed: loggers outlive static destructors
  return *registry;
}

logger_entry& logger_registry::get(std::string_view name) {
  std::lock_guard lock(mutex_);
  if (auto it = by_name_.find(name); it != by_name_.end()) return *it->second;
  if (entries_.size() >= max_loggers)
    throw std::length_error("instrukt_ai::logging: more than 65,536 logger names; reuse loggers");
  logger_entry& e = entries_.emplace_back();
  const auto id = static_cast<std::uint16_t>(entries_.size() - 1);
  e.name = std::string(name);
  line_buffer fragment(name.size() + 16);
  fragment.append(" logger=");
  logfmt::append_value(fragment, name);
  e.logger_fragment = std::string(fragment.view());
  e.core.tag_bits = std::uint64_t{id} << logger_id_shift;
  set_levels_locked(e, written_locked(e));
  by_id_[id] = &e;
  by_name_.emplace(e.name, &e);
  return e;
}

void logger_registry::apply(const level_policy& policy) {
  std::lock_guard lock(mutex_);
  policy_ = policy;
  recorder_wanted.store(policy.recorder.has_value(), std::memory_order_relaxed);
  for (auto& e : entries_) set_levels_locked(e, written_locked(e));
}

void logger_registry::set_levels_locked(logger_entry& e, level written) {
  // The flight recorder keeps what the file does not take, from its level up,
  // of the loggers it keeps (level_policy::recorder_keeps).
  level lowest = written;
  if (policy_ && policy_->recorder && floor_ == level::trace && policy_->recorder_keeps(e.name))
    lowest = std::min(written, *policy_->recorder);
  auto& core = e.core;
  core.written.store(written, std::memory_order_relaxed);
  for (std::size_t i = 0; i < std::size(core.tag_for); ++i) {
    const auto l = static_cast<level>(i);
    std::uint64_t word = core.tag_bits;
    if (l >= lowest) word |= enabled_bit;
    if (l >= lowest && l < written) word |= recorded_bit;
    core.tag_for[i].store(word, std::memory_order_relaxed);  // one word per level: a call sees all of it or none
  }
}

level logger_registry::written_locked(logger_entry& e) {
  if (!policy_) return std::max(level::warning, floor_);  // before configure_logging: WARNING+, to stderr
  // The same rule as the Python logger, but a name that spells the app's
  // another way ("order-svc.core" for "order_svc") is most likely meant as
  // ours: say so once, since its DEBUG lines would vanish without a trace.
  if (!e.warned_spelling) {
    if (const std::string meant = ours_spelling(e.name, policy_->logger_prefix); !meant.empty()) {
      e.warned_spelling = true;
      std::fprintf(stderr,
                   "instrukt_ai::logging: logger \"%s\" is third-party in app \"%s\": the app's loggers are \"%s\" "
                   "and names below it, so %s_THIRD_PARTY_LOG_LEVEL sets its level, not %s_LOG_LEVEL. Name it \"%s\" to "
                   "make it the app's.\n",
                   e.name.c_str(), policy_->app.c_str(), policy_->logger_prefix.c_str(), policy_->env_prefix.c_str(),
                   policy_->env_prefix.c_str(), meant.c_str());
    }
  }
  return std::max(policy_->threshold_for(e.name), floor_);
}

void logger_registry::reset_for_child() {
  // The only thread in the child holds mutex_ (taken before fork): no lock here.
  policy_.reset();
  recorder_wanted.store(false, std::memory_order_relaxed);
  floor_ = level::trace;
  for (auto& e : entries_) set_levels_locked(e, level::warning);
}

void logger_registry::raise_all(level floor) {
  std::lock_guard lock(mutex_);
  floor_ = floor;
  for (auto& e : entries_) set_levels_locked(e, std::max(e.core.written.load(std::memory_order_relaxed), floor));
}

}  // namespace detail

logger get_logger(std::string_view name) { return logger(&detail::logger_registry::instance().get(name).core); }

std::string_view logger::name() const noexcept {
  const auto id = static_cast<std::uint16_t>(core_->tag_bits >> detail::logger_id_shift);
  return detail::logger_registry::instance().by_id(id).name;
}

}  // namespace instrukt_ai::logging
