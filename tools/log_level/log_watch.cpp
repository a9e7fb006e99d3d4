#include "log_watch.hpp"

#include "common/log_files.hpp"
#include "common/time_text.hpp"

#include <instrukt_ai/logging/logfmt.hpp>

#include <algorithm>
#include <fstream>

namespace fs = std::filesystem;

namespace instrukt_ai::log_level {
namespace {

namespace logfmt = instrukt_ai::logging::logfmt;

std::vector<fs::path> live_files(const fs::path& folder) {
  std::vector<fs::path> out;
  for (const auto& f : logs::list_log_files(folder, {}).files)
    if (f.live) out.push_back(f.path);
  return out;
}

}  // namespace

std::optional<std::string> value_of(std::string_view line, std::string_view key) {
  logfmt::pair_reader reader(line);
  logfmt::pair_view p;
  std::string scratch;
  while (reader.next(p))
    if (p.has_value && p.key == key) return std::string(logfmt::value_text(p, scratch));
  return std::nullopt;
}

bool is_library_line(std::string_view line, std::string_view msg) {
  if (line.find(msg) == std::string_view::npos) return false;  // most lines: no parse
  return value_of(line, "logger") == "instrukt_ai.logging" && value_of(line, "msg") == msg;
}

live_lines::live_lines(const fs::path& folder) : tail_({folder, {}, std::chrono::milliseconds(1000), {}}) {
  tail_.add_all_at_end();
}

std::vector<std::string> live_lines::take() {
  std::vector<std::string> out;
  tail_.read([&](std::uint64_t, std::string_view line) { out.emplace_back(line); });
  return out;
}

std::optional<std::string> newest_library_line(const fs::path& folder, std::string_view msg) {
  std::optional<std::string> newest;
  std::optional<logs::micros> newest_time;
  for (const auto& path : live_files(folder)) {
    // Read backwards in blocks: the line is usually near the end of a large file.
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) continue;
    constexpr std::streamoff block = 1 << 16;
    std::streamoff end = in.tellg();
    std::string tail;  // the text after `end`, whole lines only once a newline was seen
    while (end > 0) {
      const std::streamoff start = std::max<std::streamoff>(0, end - block);
      std::string chunk(static_cast<std::size_t>(end - start), '\0');
      in.seekg(start);
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      tail = chunk + tail;
      end = start;
      std::optional<std::string> found;
      std::size_t line_end = tail.size();
      // Lines wholly inside `tail` (the first one may be cut unless start is 0), newest first.
      while (line_end > 0) {
        const auto nl = tail.rfind('\n', line_end - 1);
        const bool whole = nl != std::string::npos || start == 0;
        if (!whole) break;
        const std::size_t line_start = nl == std::string::npos ? 0 : nl + 1;
        const std::string_view line(tail.data() + line_start, line_end - line_start);
        if (is_library_line(line, msg)) {
          found = std::string(line);
          break;
        }
        if (nl == std::string::npos) break;
        line_end = nl;
      }
      if (found) {
        const auto t = logs::line_time(*found);
        if (!newest || (t && (!newest_time || *t > *newest_time))) {
          newest = found;
          newest_time = t;
        }
        break;
      }
      tail.erase(line_end);  // keep only the cut first line for the next block
      if (tail.size() > (std::size_t{16} << 20)) break;  // a 16 MiB line: not ours
    }
  }
  return newest;
}

}  // namespace instrukt_ai::log_level
