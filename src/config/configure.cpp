// configure_logging(), flush(), shutdown(): the writer's lifetime.
#include "../runtime.hpp"
#include "../levels/control_file.hpp"
#include "env_spelling.hpp"
#include "../levels/level_control.hpp"
#include "../levels/level_policy.hpp"
#include "recorder_settings.hpp"
#include "logger_registry.hpp"
#include "names.hpp"

#include <instrukt_ai/logging/configure.hpp>

#include "../writer/aggregates.hpp"
#include "../library_events.hpp"

#include <instrukt_ai/logging/detail/event/record_source.hpp>
#include <instrukt_ai/logging/detail/ring/producer.hpp>

#include <pthread.h>
#include <unistd.h>  // environ

#include <atomic>
#include <bit>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace instrukt_ai::logging {
namespace detail {
namespace {

enum class state { unconfigured, running, shut_down };

std::mutex config_mutex;
std::atomic<state> current{state::unconfigured};
std::atomic<writer*> the_writer{nullptr};  // never deleted: late callers may still reach it
std::string configured_app;

std::size_t ring_size_for(std::size_t requested) {
  constexpr std::size_t min = std::size_t{64} << 10, max = std::size_t{1} << 30;
  return std::bit_ceil(std::clamp(requested, min, max));
}

void check(const options& o) {
  if (o.max_value_bytes < 16 || o.max_value_bytes > (std::size_t{1} << 30))
    throw configuration_error("instrukt_ai::logging: options.max_value_bytes must be between 16 and 2^30");
  if (o.flush_interval < std::chrono::milliseconds(1) || o.flush_interval > std::chrono::seconds(10))
    throw configuration_error("instrukt_ai::logging: options.flush_interval must be between 1 ms and 10 s");
  if (o.flight_recorder_bytes < min_recorder_bytes || o.flight_recorder_bytes > max_recorder_bytes)
    throw configuration_error("instrukt_ai::logging: options.flight_recorder_bytes must be between 1 KiB and 64 MiB");
  if (o.flight_recorder_window < std::chrono::seconds(1) || o.flight_recorder_window > std::chrono::hours(1))
    throw configuration_error("instrukt_ai::logging: options.flight_recorder_window must be between 1 s and 1 h");
}

std::filesystem::path log_root_for(const options& o) {
  return o.log_root.empty() ? default_log_root() : std::filesystem::path(o.log_root);
}

// fork(): every lock a child could need is taken before the fork, in one
// order (config, loggers, aggregates, writer), so the child's copies are
// consistent. In the child, the writer's thread does not exist: that writer is
// abandoned (its rings closed; events take the stderr path, WARNING and above)
// and logging is "not configured" again, so the child may call
// configure_logging(). The parent carries on as before.
void before_fork() {
  config_mutex.lock();
  level_control::instance().mutex().lock();
  logger_registry::instance().mutex().lock();
  aggregate_registry::instance().mutex().lock();
  if (auto* w = the_writer.load()) w->lock_for_fork();
}

void after_fork_in_parent() {
  if (auto* w = the_writer.load()) w->unlock_after_fork();
  aggregate_registry::instance().mutex().unlock();
  logger_registry::instance().mutex().unlock();
  level_control::instance().mutex().unlock();
  config_mutex.unlock();
}

void after_fork_in_child() {
  if (auto* w = the_writer.load()) {
    w->abandon_in_child();
    w->unlock_after_fork();
  }
  this_thread_producer = nullptr;  // a later configure_logging() gives this thread a new ring
  if (current.load() == state::running) {
    logger_registry::instance().reset_for_child();
    level_control::instance().stop();  // its mutex is held here, taken before the fork
    current.store(state::unconfigured, std::memory_order_release);
  }
  aggregate_registry::instance().mutex().unlock();
  logger_registry::instance().mutex().unlock();
  level_control::instance().mutex().unlock();
  config_mutex.unlock();
}

}  // namespace

writer* running_writer() noexcept {
  return current.load(std::memory_order_acquire) == state::running ? the_writer.load(std::memory_order_acquire)
                                                                    : nullptr;
}

namespace {

constexpr std::string_view library_version = INSTRUKT_AI_LOGGING_VERSION;

std::string joined(const std::vector<std::string>& prefixes) {
  std::string out;
  for (const auto& p : prefixes) out += (out.empty() ? "" : ",") + p;
  return out;
}

}  // namespace

// The process's first line: the library's version, pid, where it writes, and
// the levels in force with where each came from.
void announce(const level_policy& policy, const std::filesystem::path& path, std::uint64_t internal_logger_bits) {
  const std::string root = path.parent_path().parent_path().string(), source = path.stem().string();
  const std::string spotlight = joined(policy.spotlight), muted = joined(policy.muted);
  const std::string recorder = policy.recorder ? std::string(to_string(*policy.recorder)) : std::string();
  emit_whole(record_tag<logging_configured>(internal_logger_bits),
       logging_configured{library_version,
                          static_cast<std::int64_t>(::getpid()),
                          root,
                          source,
                          to_string(policy.ours),
                          policy.sources.ours,
                          to_string(policy.third_party),
                          policy.sources.third_party,
                          policy.spotlight_set ? std::optional<std::string_view>(spotlight) : std::nullopt,
                          policy.muted.empty() ? std::nullopt : std::optional<std::string_view>(muted),
                          policy.recorder ? std::optional<std::string_view>(recorder) : std::nullopt,
                          policy.sources.recorder});
}

}  // namespace detail

std::filesystem::path default_log_root() {
  if (const char* root = std::getenv("INSTRUKT_AI_LOG_ROOT"); root != nullptr && *root != '\0') return root;
  return "/var/log/instrukt-ai";
}

std::filesystem::path configure_logging(std::string_view app, const options& opts) {
  using namespace detail;
  std::lock_guard lock(config_mutex);
  if (current.load() != state::unconfigured)
    throw configuration_error("instrukt_ai::logging: configure_logging(\"" + std::string(app) +
                              "\") called, but logging was already configured for \"" + configured_app +
                              "\"; call it once, at process start");
  check(opts);
  const app_names names = names_for(app);
  const std::string& stem = names.file_stem;
  if (stem.empty())
    throw configuration_error("instrukt_ai::logging: app name \"" + std::string(app) +
                              "\" has no letter or digit to name the log file with");
  const std::string file = opts.source.empty() ? stem : names_for(opts.source).file_stem;
  if (file.empty())
    throw configuration_error("instrukt_ai::logging: options.source \"" + opts.source +
                              "\" has no letter or digit to name the log file with");
  const std::filesystem::path path = log_root_for(opts) / stem / (file + ".log");
  auto sink = file_sink::open(path);  // throws with the path and the reason

  const std::string env_prefix = opts.env_prefix.empty() ? names.env_prefix : names_for(opts.env_prefix).env_prefix;
  const auto getenv = [](const char* name) { return std::getenv(name); };
  const auto warn = [](std::string_view message) {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
  };
  auto policy = level_policy::from_env(names.logger_prefix, env_prefix, getenv, warn, opts.flight_recorder);
  const flight_recorder_settings recorder = recorder_settings_from_env(opts, env_prefix, getenv, warn);
  for (const auto& w : misspelled_settings(env_prefix, environ)) warn(w);

  policy.app = std::string(app);

  max_value_bytes_setting.store(opts.max_value_bytes, std::memory_order_relaxed);
  full_ring_policy_setting.store(opts.on_full_ring, std::memory_order_relaxed);
  // The control file is the app's, shared by its sources: {root}/{app}/{app}.levels.
  auto control = std::make_unique<control_file>(path.parent_path() / (stem + ".levels"), env_prefix);
  auto* w = new writer(std::move(sink), std::move(control), ring_size_for(opts.ring_bytes), opts.max_value_bytes,
                       opts.flush_interval, recorder);
  level_control::instance().start(policy, w->internal_logger_bits());
  w->start();
  the_writer.store(w, std::memory_order_release);
  configured_app = std::string(app);
  current.store(state::running, std::memory_order_release);
  if (opts.startup_line) announce(policy, path, w->internal_logger_bits());  // into the file: running now
  static std::once_flag once;  // a forked child may configure again: register these once
  std::call_once(once, [] {
    std::atexit([] { shutdown(); });
    ::pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
  });
  return path;
}

void flush() {
  if (auto* w = detail::running_writer()) w->flush();
}

void reopen_log_file() noexcept { detail::reopen_requested.store(true, std::memory_order_release); }

void shutdown() {
  using namespace detail;
  if (on_writer_thread) return;  // a formatter cannot stop the thread it runs on
  std::lock_guard lock(config_mutex);
  if (current.load() != state::running) return;
  {
    std::lock_guard levels_lock(level_control::instance().mutex());
    level_control::instance().stop();  // no more level changes
  }
  // Later events: WARNING and above, to stderr.
  logger_registry::instance().raise_all(level::warning);
  current.store(state::shut_down, std::memory_order_release);
  the_writer.load()->stop();
}

std::uint64_t dropped_events() noexcept {
  auto* w = detail::the_writer.load(std::memory_order_acquire);
  return w ? w->dropped() : 0;
}

}  // namespace instrukt_ai::logging
