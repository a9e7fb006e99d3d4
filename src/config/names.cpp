#include "names.hpp"

namespace instrukt_ai::logging::detail {
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

std::string env_prefix_for(std::string_view app) { return normalise(app, true, '_'); }
std::string logger_prefix_for(std::string_view app) { return normalise(app, false, '_'); }
std::string file_stem_for(std::string_view app) { return normalise(app, false, '-'); }

bool matches_dotted_prefix(std::string_view name, std::string_view prefix) noexcept {
  if (prefix.empty() || !name.starts_with(prefix)) return false;
  return name.size() == prefix.size() || name[prefix.size()] == '.';
}

}  // namespace instrukt_ai::logging::detail
