#include "env_spelling.hpp"

#include <algorithm>
#include <cctype>

namespace instrukt_ai::logging::detail {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string without_underscores(std::string s) {
  std::erase(s, '_');
  return s;
}

// Whether a and b are one insertion, deletion or substitution apart.
bool one_edit_apart(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) return i < a.size() && a.substr(i + 1) == b.substr(i + 1);
  return a.substr(i) == b.substr(i + 1);
}

}  // namespace

std::vector<std::string> misspelled_settings(std::string_view env_prefix, const char* const* environment) {
  std::vector<std::string> warnings;
  if (environment == nullptr || env_prefix.empty()) return warnings;
  const std::string wanted = upper(env_prefix);
  for (const char* const* e = environment; *e != nullptr; ++e) {
    const std::string_view entry = *e;
    const std::string_view name = entry.substr(0, entry.find('='));
    for (const auto suffix : setting_suffixes) {
      if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
      const std::string_view prefix = name.substr(0, name.size() - suffix.size());
      if (prefix == env_prefix) break;  // this app's own setting
      const std::string given = upper(prefix);
      if (given == wanted || without_underscores(given) == without_underscores(wanted) ||
          one_edit_apart(given, wanted))
        warnings.push_back("instrukt_ai::logging: " + std::string(name) + " is set, but this app's settings start with " +
                           std::string(env_prefix) + ": it is ignored; did you mean " + std::string(env_prefix) +
                           std::string(suffix) + "?");
      break;  // the longest setting name that ends it decides
    }
  }
  return warnings;
}

}  // namespace instrukt_ai::logging::detail
