// `check`: reads log files line by line and reports every line that does not
// match the catalog.
#pragma once

#include <instrukt_ai/logging/catalog_model.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace instrukt_ai::catalog_tool {

enum class output_format { text, json };

// Each of `logs` is "-" (stdin), a log file (plain or .gz), a folder of logs
// (every live, rotated and .gz file, as instrukt-ai-logs lists them), or an
// app's name whose folder is under `root`; files are read through the reader's
// own code (tools/logs: log_files, byte_source). A damaged archive is checked
// up to the damage and reported (exit 2); its cut last line is not checked.
// Exit status: 0 clean, 1 findings or (unless allow_empty) no line of the app
// or the library at all, 2 a file could not be read.
int run_check(const logging::catalog_description& catalog, const std::vector<std::string>& logs,
              const std::filesystem::path& root, output_format format, bool allow_empty, std::FILE* out,
              std::FILE* err);

}  // namespace instrukt_ai::catalog_tool
