#include "names.hpp"

namespace instrukt_ai::logging {
namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string normalise(std::string_view app, bool upper, char separator) {
  std::string out;
  bool pending_separator = false;
  for (char c : app) {
    if (!is_alnum(c)) {
      pending_separator = !out.empty();
      continue;
    }
    if (pending_separator) out.push_back(separator);
    pending_separator = false;
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(c);
  }
  return out;
}

}  // namespace

app_names names_for(std::string_view app) {
  return {normalise(app, true, '_'), normalise(app, false, '_'), normalise(app, false, '-')};
}

namespace detail {

bool matches_dotted_prefix(std::string_view name, std::string_view prefix) noexcept {
  if (prefix.empty() || !name.starts_with(prefix)) return false;
  return name.size() == prefix.size() || name[prefix.size()] == '.';
}

std::string ours_spelling(std::string_view logger_name, std::string_view logger_prefix) {
  if (logger_prefix.empty() || matches_dotted_prefix(logger_name, logger_prefix)) return {};
  // Each dotted head of the name ("a", "a.b", ...), normalised as an app name is.
  for (std::size_t end = 0;; ++end) {
    end = logger_name.find('.', end);
    if (normalise(logger_name.substr(0, end), false, '_') == logger_prefix)
      return std::string(logger_prefix).append(end == std::string_view::npos ? "" : logger_name.substr(end));
    if (end == std::string_view::npos) return {};
  }
}

}  // namespace detail
}  // namespace instrukt_ai::logging
