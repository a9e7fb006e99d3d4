// Log text for the reader's tests: lines stamped relative to now, files
// plain and gzipped, and what the reader printed.
#pragma once

#include "log_file.hpp"
#include "common/time_text.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include <zlib.h>

namespace test_support::logs_text {

namespace fs = std::filesystem;
namespace logs = instrukt_ai::logs;

inline const std::string tool = IAL_LOGS_TOOL;

// The options that read `root` with no colour.
inline std::string in(const fs::path& root) { return " --root " + root.string() + " --no-color"; }

// The timestamp of `seconds_ago` before now (plus micros), as the writer writes it.
inline std::string stamp(double seconds_ago) {
  return logs::format_time(logs::now_micros() - static_cast<logs::micros>(seconds_ago * 1e6));
}

inline std::string line(double seconds_ago, const std::string& rest) { return stamp(seconds_ago) + " " + rest + "\n"; }

inline void write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

inline void append_file(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::app) << text;
}

inline void write_gz(const fs::path& p, const std::string& text) {
  gzFile f = ::gzopen(p.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(::gzwrite(f, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
  ::gzclose(f);
}

inline void set_age(const fs::path& p, int seconds) {
  fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::seconds(seconds));
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  for (std::size_t nl; (nl = text.find('\n', at)) != std::string::npos; at = nl + 1) out.push_back(text.substr(at, nl - at));
  return out;
}

// msg= of each printed line.
inline std::vector<std::string> msgs(const std::string& out) {
  std::vector<std::string> m;
  for (const auto& l : lines_of(out))
    if (test_support::has_timestamp_prefix(l)) m.push_back(test_support::fields(l)["msg"]);
  return m;
}

}  // namespace test_support::logs_text
