#include "follow.hpp"

#include "common/live_tail.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>
#include <unordered_map>

namespace instrukt_ai::logs {
namespace {

struct pending_line {
  micros time;
  std::uint64_t file;
  std::uint64_t seq;
  std::string text;
};

// One folder's live files (common/live_tail.hpp) turned into lines in time order.
class follower {
 public:
  follower(const follow_settings& s, const query& q, printer& out)
      : settings_(s),
        query_(q),
        out_(out),
        tail_({s.folder, {s.stems, s.follow_symlinks}, std::chrono::milliseconds(s.grace_ms), "instrukt-ai-logs"}) {}

  void add(const followed_start& s) { tail_.add(s.path, s.stem, s.point.fd, s.point.offset); }

  void tick() {
    std::vector<pending_line> lines;
    tail_.read([&](std::uint64_t file, std::string_view line) { take_line(file, line, lines); });
    std::stable_sort(lines.begin(), lines.end(), [](const pending_line& a, const pending_line& b) {
      return a.time != b.time ? a.time < b.time : a.file != b.file ? a.file < b.file : a.seq < b.seq;
    });
    for (const auto& l : lines)
      if (l.time >= query_.since && query_.filter.matches(l.text)) out_.print(l.text, settings_.suffix);
    out_.flush();
  }

 private:
  // A line without a timestamp joins the line before it when both came in this tick.
  void take_line(std::uint64_t file, std::string_view line, std::vector<pending_line>& lines) {
    micros& last = last_time_.try_emplace(file, no_time).first->second;
    if (const auto t = line_time(line)) {
      last = *t;
      lines.push_back({*t, file, seq_++, std::string(line)});
    } else if (!lines.empty() && lines.back().file == file) {
      lines.back().text.append("\n").append(line);
    } else {
      lines.push_back({last, file, seq_++, std::string(line)});
    }
  }

  const follow_settings& settings_;
  const query& query_;
  printer& out_;
  tools::live_tail tail_;
  std::unordered_map<std::uint64_t, micros> last_time_;  // each file's newest timestamp
  std::uint64_t seq_ = 0;
};

}  // namespace

void follow(std::vector<followed_folder> folders, const query& q, printer& out, const std::atomic<bool>& stop) {
  if (folders.empty()) return;
  std::vector<std::unique_ptr<follower>> followers;
  for (auto& folder : folders) {
    followers.push_back(std::make_unique<follower>(folder.settings, q, out));
    for (auto& s : folder.starts) followers.back()->add(s);
  }
  while (!stop.load(std::memory_order_relaxed)) {
    for (auto& f : followers) f->tick();
    std::this_thread::sleep_for(std::chrono::milliseconds(folders.front().settings.poll_ms));
  }
}

}  // namespace instrukt_ai::logs
