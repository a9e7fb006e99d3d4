#include "level_policy.hpp"

#include "../config/names.hpp"

#include <algorithm>

namespace instrukt_ai::logging::detail {

std::optional<level> parse_recorder_level(std::string_view text) noexcept {
  if (auto l = parse_level(text)) return l;
  std::string_view t = text;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t.size() == 3 && (t[0] | 0x20) == 'o' && (t[1] | 0x20) == 'f' && (t[2] | 0x20) == 'f') return level::off;
  return std::nullopt;
}

std::vector<std::string> level_policy::split_prefixes(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t' || item.back() == '.')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

namespace {

bool matches_any(std::string_view name, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& p) { return matches_dotted_prefix(name, p); });
}

}  // namespace

bool level_policy::is_ours(std::string_view logger_name) const noexcept {
  return matches_dotted_prefix(logger_name, logger_prefix);
}

level level_policy::threshold_for(std::string_view name) const noexcept {
  level l;
  if (is_ours(name))
    l = ours;
  else if (spotlight_set && !matches_any(name, spotlight))
    l = std::max(third_party, level::warning);
  else
    l = third_party;
  if (is_muted(name)) l = std::max(l, level::warning);
  return l;
}

bool level_policy::is_muted(std::string_view name) const noexcept { return matches_any(name, muted); }

bool level_policy::recorder_keeps(std::string_view name) const noexcept {
  if (is_muted(name)) return false;
  return is_ours(name) || (spotlight_set && matches_any(name, spotlight));
}

level_policy level_policy::from_env(std::string_view logger_prefix, std::string_view env_prefix,
                                    const env_lookup& getenv, const report& warn, std::optional<level> recorder) {
  level_policy p;
  p.logger_prefix = std::string(logger_prefix);
  p.env_prefix = std::string(env_prefix);
  const std::string prefix(env_prefix);

  auto read_level = [&](const char* suffix, level fallback, std::string_view& from) {
    const std::string var = prefix + suffix;
    const char* value = getenv(var.c_str());
    if (value == nullptr || *value == '\0') return fallback;
    if (auto l = parse_level(value)) {
      from = "env";
      return *l;
    }
    warn("instrukt_ai::logging: " + var + "=\"" + value +
         "\" is not a level (TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL); using " +
         std::string(to_string(fallback)));
    return fallback;
  };
  p.ours = read_level("_LOG_LEVEL", level::info, p.sources.ours);
  p.third_party = read_level("_THIRD_PARTY_LOG_LEVEL", level::warning, p.sources.third_party);

  if (const char* v = getenv((prefix + "_THIRD_PARTY_LOGGERS").c_str()); v != nullptr && *v != '\0') {
    p.spotlight = split_prefixes(v);
    p.spotlight_set = !p.spotlight.empty();
  }
  if (const char* v = getenv((prefix + "_MUTED_LOGGERS").c_str()); v != nullptr) p.muted = split_prefixes(v);

  p.recorder = recorder;
  if (recorder) p.sources.recorder = "options";
  const std::string var = prefix + "_FLIGHT_RECORDER";
  if (const char* v = getenv(var.c_str()); v != nullptr && *v != '\0') {
    if (auto l = parse_recorder_level(v)) {
      p.recorder = *l == level::off ? std::nullopt : std::optional<level>(*l);
      p.sources.recorder = "env";
    } else {
      warn("instrukt_ai::logging: " + var + "=\"" + v +
           "\" is not a level (TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL) or OFF; the flight recorder stays " +
           (recorder ? std::string(to_string(*recorder)) : std::string("off")));
    }
  }
  return p;
}

}  // namespace instrukt_ai::logging::detail
