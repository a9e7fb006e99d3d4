#include <instrukt_ai/logging/level.hpp>

namespace instrukt_ai::logging {

std::optional<level> parse_level(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  char upper[16];
  if (text.empty() || text.size() >= sizeof upper) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    upper[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  const std::string_view u{upper, text.size()};
  for (std::size_t i = 0; i < level_names.size(); ++i)
    if (u == level_names[i]) return static_cast<level>(i);
  if (u == "WARN") return level::warning;
  if (u == "FATAL") return level::critical;
  return std::nullopt;
}

}  // namespace instrukt_ai::logging
