#include "level_control.hpp"

#include "../config/logger_registry.hpp"

#include <instrukt_ai/logging/configure.hpp>
#include <instrukt_ai/logging/detail/line/timestamp.hpp>
#include <instrukt_ai/logging/detail/ring/producer.hpp>

#include <chrono>

namespace instrukt_ai::logging {
namespace detail {
namespace {

std::string joined(const std::vector<std::string>& prefixes) {
  std::string out;
  for (const auto& p : prefixes) {
    if (!out.empty()) out += ',';
    out += p;
  }
  return out;
}

std::int64_t micros_since_epoch(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

std::int64_t now_us() { return micros_since_epoch(std::chrono::system_clock::now()); }

}  // namespace

log_levels_changed levels_change::event() const {
  auto view = [](const std::optional<std::string>& s) -> std::optional<std::string_view> {
    if (!s) return std::nullopt;
    return std::string_view(*s);
  };
  return {log_level,          third_party_log_level, view(third_party_loggers), view(muted_loggers),
          view(flight_recorder), source,                view(expires)};
}

level_control& level_control::instance() {
  static auto* control = new level_control();  // never destroyed: the writer may ask at exit
  return *control;
}

void level_control::start(const level_policy& env, std::uint64_t internal_logger_bits) {
  std::lock_guard lock(mutex_);
  env_ = env;
  internal_logger_bits_ = internal_logger_bits;
  owner_ = owner::environment;
  expires_us_.reset();
  started_ = true;
  logger_registry::instance().apply(env_);
}

void level_control::stop() noexcept { started_ = false; }

level_control::prepared level_control::prepare_locked(const log_levels* levels, std::string_view source, owner by) {
  level_policy p = env_;
  expires_us_.reset();
  if (levels != nullptr) {
    if (levels->ours) p.ours = *levels->ours;
    if (levels->third_party) p.third_party = *levels->third_party;
    if (levels->third_party_loggers) {
      p.spotlight = level_policy::split_prefixes(*levels->third_party_loggers);
      p.spotlight_set = !p.spotlight.empty();
    }
    if (levels->muted_loggers) p.muted = level_policy::split_prefixes(*levels->muted_loggers);
    if (levels->flight_recorder)
      p.recorder = *levels->flight_recorder == level::off ? std::nullopt : std::optional<level>(*levels->flight_recorder);
    if (levels->expires) expires_us_ = micros_since_epoch(*levels->expires);
  }
  owner_ = by;

  levels_change c;
  c.log_level = std::string(to_string(p.ours));
  c.third_party_log_level = std::string(to_string(p.third_party));
  if (p.spotlight_set) c.third_party_loggers = joined(p.spotlight);
  if (!p.muted.empty()) c.muted_loggers = joined(p.muted);
  if (p.recorder) c.flight_recorder = std::string(to_string(*p.recorder));
  c.source = source;
  if (expires_us_) {
    c.expires.emplace(rfc3339_length, '\0');
    write_rfc3339(c.expires->data(), *expires_us_ * 1000);
  }
  return {std::move(p), std::move(c)};
}

void level_control::set_from_api(const log_levels& levels) {
  std::lock_guard lock(mutex_);
  if (!started_)
    throw configuration_error("instrukt_ai::logging: set_log_levels() called while logging is not configured; "
                              "call configure_logging() first");
  if (levels.expires && micros_since_epoch(*levels.expires) <= now_us())
    throw configuration_error("instrukt_ai::logging: set_log_levels(): `expires` is not in the future; give a "
                              "later time, or leave it empty for levels that stay until reset");
  const prepared change = prepare_locked(&levels, "api", owner::api);
  // The line first: the thread's own events at the new levels come after it.
  emit_whole(record_tag<log_levels_changed>(internal_logger_bits_), change.line.event());
  logger_registry::instance().apply(change.policy);
}

void level_control::reset_from_api() {
  std::lock_guard lock(mutex_);
  if (!started_)
    throw configuration_error("instrukt_ai::logging: reset_log_levels() called while logging is not configured; "
                              "call configure_logging() first");
  const prepared change = prepare_locked(nullptr, "reset", owner::environment);
  emit_whole(record_tag<log_levels_changed>(internal_logger_bits_), change.line.event());
  logger_registry::instance().apply(change.policy);
}

level_control::outcome level_control::from_file(const log_levels* levels, bool expired, levels_change& out) {
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock) return outcome::busy;
  if (!started_) return outcome::unchanged;
  if (levels == nullptr && owner_ != owner::file) return outcome::unchanged;  // an API change came after the file's
  prepared change = levels != nullptr ? prepare_locked(levels, "file", owner::file)
                                      : prepare_locked(nullptr, expired ? "expired" : "reset", owner::environment);
  logger_registry::instance().apply(change.policy);  // the writer writes the line before the next records
  out = std::move(change.line);
  return outcome::changed;
}

level_control::outcome level_control::expire_if_due(std::int64_t now, levels_change& out) {
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock) return outcome::busy;
  if (!started_ || !expires_us_ || now < *expires_us_) return outcome::unchanged;
  prepared change = prepare_locked(nullptr, "expired", owner::environment);
  logger_registry::instance().apply(change.policy);
  out = std::move(change.line);
  return outcome::changed;
}

}  // namespace detail

void set_log_levels(const log_levels& levels) { detail::level_control::instance().set_from_api(levels); }

void reset_log_levels() { detail::level_control::instance().reset_from_api(); }

}  // namespace instrukt_ai::logging
