// How an app name becomes the env prefix, the logger prefix and the file name,
// as the InstruktAI Python logger derives them.
#pragma once

#include <string>
#include <string_view>

namespace instrukt_ai::logging::detail {

// "my-app" -> "MY_APP": upper-case, each run of other characters as '_', trimmed.
std::string env_prefix_for(std::string_view app);
// "my-app" -> "my_app": lower-case, each run of other characters as '_', trimmed.
std::string logger_prefix_for(std::string_view app);
// "My_App" -> "my-app": lower-case, each run of other characters as '-', trimmed.
std::string file_stem_for(std::string_view app);

// Whether `name` is `prefix` or lies below it on a dot ("a.b" covers "a.b.c", not "a.bc").
bool matches_dotted_prefix(std::string_view name, std::string_view prefix) noexcept;

}  // namespace instrukt_ai::logging::detail
