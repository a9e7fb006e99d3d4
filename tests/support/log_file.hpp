// Helpers for tests that read what the writer wrote.
#pragma once

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/logfmt.hpp>

#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <unistd.h>
#include <vector>

namespace test_support {

// This process's folder under /tmp/ial-tests; removed at exit (after logging
// has shut down) unless IAL_KEEP_TEST_LOGS is set.
inline std::filesystem::path process_root() {
  static const std::filesystem::path root = [] {
    auto r = std::filesystem::temp_directory_path() / "ial-tests" / std::to_string(::getpid());
    std::filesystem::remove_all(r);
    if (std::getenv("IAL_KEEP_TEST_LOGS") == nullptr)
      std::atexit([] {
        std::error_code ec;
        std::filesystem::remove_all(std::filesystem::temp_directory_path() / "ial-tests" / std::to_string(::getpid()), ec);
      });
    return r;
  }();
  return root;
}

// A fresh, empty log root for this test process.
inline std::filesystem::path fresh_root(const std::string& name) {
  auto root = process_root() / name;
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root);
  return root;
}

// Configures logging for `app` under a fresh root; returns the log file's path.
// The tests count lines: without the startup line unless `startup_line`.
inline std::filesystem::path configure(const std::string& app, instrukt_ai::logging::options opts = {},
                                       bool startup_line = false) {
  opts.log_root = fresh_root(app).string();
  opts.startup_line = startup_line;
  return instrukt_ai::logging::configure_logging(app, opts);
}

inline std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline bool has_timestamp_prefix(const std::string& line) {
  static const std::regex ts(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z )");
  return std::regex_search(line, ts);
}

// The line without its 28-character timestamp prefix.
inline std::string body(const std::string& line) { return line.size() > 28 ? line.substr(28) : std::string{}; }

// key -> value of a parsed line (fails the test's expectations if it does not parse).
inline std::map<std::string, std::string> fields(const std::string& line) {
  auto parsed = instrukt_ai::logging::logfmt::parse_line(line);
  std::map<std::string, std::string> out;
  if (parsed.error) return out;
  for (auto& p : parsed.pairs)
    if (p.has_value) out[p.key] = p.value;
  return out;
}

}  // namespace test_support
