#include "recorder_settings.hpp"

#include <charconv>
#include <string>

namespace instrukt_ai::logging::detail {
namespace {

std::optional<std::uint64_t> whole_number(std::string_view text) {
  std::uint64_t n;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

}  // namespace

flight_recorder_settings recorder_settings_from_env(const options& opts, std::string_view env_prefix,
                                                    const level_policy::env_lookup& getenv,
                                                    const level_policy::report& warn) {
  flight_recorder_settings s;
  s.bytes = opts.flight_recorder_bytes;
  s.window = opts.flight_recorder_window;
  s.all_threads = opts.flight_recorder_all_threads;
  const std::string prefix(env_prefix);
  auto number = [&](const char* suffix, std::uint64_t min, std::uint64_t max, std::uint64_t fallback) {
    const std::string var = prefix + suffix;
    const char* v = getenv(var.c_str());
    if (v == nullptr || *v == '\0') return fallback;
    if (auto n = whole_number(v); n && *n >= min && *n <= max) return *n;
    warn("instrukt_ai::logging: " + var + "=\"" + v + "\" is not a whole number from " + std::to_string(min) +
         " to " + std::to_string(max) + "; using " + std::to_string(fallback));
    return fallback;
  };
  s.bytes = number("_FLIGHT_RECORDER_BYTES", min_recorder_bytes, max_recorder_bytes, s.bytes);
  s.window = std::chrono::seconds(number("_FLIGHT_RECORDER_SECONDS", 1, 3600,
                                         static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(s.window).count())));
  const std::string mode_var = prefix + "_FLIGHT_RECORDER_MODE";
  if (const char* v = getenv(mode_var.c_str()); v != nullptr && *v != '\0') {
    const std::string_view mode = v;
    if (mode == "thread") s.all_threads = false;
    else if (mode == "all_threads") s.all_threads = true;
    else
      warn("instrukt_ai::logging: " + mode_var + "=\"" + std::string(mode) + "\" is not thread or all_threads; using " +
           (s.all_threads ? "all_threads" : "thread"));
  }
  return s;
}

}  // namespace instrukt_ai::logging::detail
