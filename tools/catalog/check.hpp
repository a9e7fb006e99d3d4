// `check`: reads log files line by line and reports every line that does not
// match the catalog.
#pragma once

#include <instrukt_ai/logging/catalog_model.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace instrukt_ai::catalog_tool {

enum class output_format { text, json };

// Exit status: 0 clean, 1 findings or (unless allow_empty) no line of the app
// or the library at all, 2 a file could not be read.
int run_check(const logging::catalog_description& catalog, const std::vector<std::string>& files,
              output_format format, bool allow_empty, std::FILE* out, std::FILE* err);

}  // namespace instrukt_ai::catalog_tool
