// Every logger name the process has asked for. Entries never move or die, so
// handles and record tags stay valid for the whole run.
#pragma once

#include "../levels/level_policy.hpp"

#include <instrukt_ai/logging/logger.hpp>

#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace instrukt_ai::logging::detail {

struct logger_entry {
  logger_core core;
  std::string name;
  std::string logger_fragment;  // " logger=<name, logfmt-encoded>"
  bool warned_spelling = false;  // told once that its name spells the app's another way
};

class logger_registry {
 public:
  static constexpr std::size_t max_loggers = std::size_t{1} << 16;

  static logger_registry& instance();

  // Finds or creates the logger; throws std::length_error past max_loggers.
  logger_entry& get(std::string_view name);

  // The writer's lookup: id came from a record, so the entry is published.
  const logger_entry& by_id(std::uint16_t id) const noexcept { return *by_id_[id]; }

  // Sets every logger's threshold from the policy, now and for later loggers.
  void apply(const level_policy& policy);
  // Raises every threshold to at least `floor` (used at shutdown).
  void raise_all(level floor);
  // In a forked child, before configuring again: thresholds back to "not
  // configured" (WARNING for every logger, no policy).
  void reset_for_child();

  // Held across fork() so the child's copy is consistent (configure.cpp's pthread_atfork handlers).
  std::mutex& mutex() noexcept { return mutex_; }

 private:
  logger_registry() : by_id_(std::make_unique_for_overwrite<logger_entry*[]>(max_loggers)) {}
  level written_locked(logger_entry& e);  // the lowest level the file takes, from the policy
  // The logger's threshold and record tags for that level and the policy's flight recorder.
  void set_levels_locked(logger_entry& e, level written);

  struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  mutable std::mutex mutex_;
  std::deque<logger_entry> entries_;
  std::unordered_map<std::string, logger_entry*, string_hash, std::equal_to<>> by_name_;
  std::unique_ptr<logger_entry*[]> by_id_;
  std::optional<level_policy> policy_;
  level floor_ = level::trace;
};

}  // namespace instrukt_ai::logging::detail
