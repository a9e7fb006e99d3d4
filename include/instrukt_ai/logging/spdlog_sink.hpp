// An spdlog sink that writes into the instrukt-ai log file: a library that
// logs through spdlog lands in our file as `logger=<spdlog logger name>`, its
// level mapped, filtered by the third-party rules like any other logger.
// Needs spdlog (Debian libspdlog-dev); the core library does not.
//
//   auto sink = std::make_shared<ial::spdlog_sink_mt>();
//   auto cache = std::make_shared<spdlog::logger>("vendor.cache", sink);
//   cache->set_level(spdlog::level::trace);  // let our rules do the filtering
//
// spdlog's pattern is not used: the line is ours, msg="<the formatted text>".
#pragma once

#include <instrukt_ai/logging/configure.hpp>
#include <instrukt_ai/logging/logger.hpp>

#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace instrukt_ai::logging {

// spdlog's level as ours; level::off for spdlog's off.
constexpr level from_spdlog(spdlog::level::level_enum l) noexcept {
  switch (l) {
    case spdlog::level::trace: return level::trace;
    case spdlog::level::debug: return level::debug;
    case spdlog::level::info: return level::info;
    case spdlog::level::warn: return level::warning;
    case spdlog::level::err: return level::error;
    case spdlog::level::critical: return level::critical;
    default: return level::off;
  }
}

template <class Mutex>
class spdlog_sink final : public spdlog::sinks::base_sink<Mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const level l = from_spdlog(msg.level);
    if (l == level::off) return;
    const std::string_view name(msg.logger_name.data(), msg.logger_name.size());
    const logger& log = logger_for(name.empty() ? std::string_view("spdlog") : name);
    log.log_message(l, std::string_view(msg.payload.data(), msg.payload.size()));
  }
  void flush_() override { logging::flush(); }

 private:
  // base_sink holds its mutex around sink_it_, so the cache needs no lock of its own.
  const logger& logger_for(std::string_view name) {
    if (auto it = loggers_.find(name); it != loggers_.end()) return it->second;
    return loggers_.emplace(std::string(name), logging::get_logger(name)).first->second;
  }
  struct name_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, logger, name_hash, std::equal_to<>> loggers_;
};

using spdlog_sink_mt = spdlog_sink<std::mutex>;
using spdlog_sink_st = spdlog_sink<spdlog::details::null_mutex>;

}  // namespace instrukt_ai::logging
