// instrukt-ai-ship's work: follows every {root}/{app}/{file}.log (inotify, and
// a look at every path each 250 ms), sends each file's new bytes as frames of
// up to `frame_bytes` to its rsyslogd, and reads a source again from before
// what may not have arrived whenever the link to rsyslogd is made again.
#pragma once

#include "positions.hpp"
#include "resend_window.hpp"
#include "rsyslog_link.hpp"
#include "source_file.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace instrukt_ai::ship {

struct ship_settings {
  std::filesystem::path root, socket, positions;
  std::string host;
  std::size_t window = 32;  // the agent's omrelp windowSize: frames unacknowledged
  std::size_t frame_bytes = std::size_t{256} << 10;
};

class shipper {
 public:
  shipper(ship_settings settings, int root_fd);
  ~shipper();
  shipper(const shipper&) = delete;
  shipper& operator=(const shipper&) = delete;

  // Until `stop`; the positions are saved at the end.
  void run(const std::atomic<bool>& stop);

 private:
  using clock = std::chrono::steady_clock;
  enum class pumped { idle, more, broken };

  void load_positions();
  source_file& source(const std::string& app, const std::string& stem);
  void discover();
  void discover_app(const std::string& app);
  void watch(const std::filesystem::path& path, const std::string& app, std::uint32_t mask);
  void read_events(std::unordered_set<source_file*>& dirty, bool& rescan);
  bool check(source_file& s, bool deep);  // true when a new generation started
  pumped pump(source_file& s, const std::atomic<bool>& stop);
  std::size_t rewind_all();
  void save_positions(bool now);

  ship_settings settings_;
  int root_fd_;
  int inotify_ = -1;
  rsyslog_link link_;
  resend_window window_;
  std::map<std::string, std::unique_ptr<source_file>> sources_;  // by "app/file"
  std::unordered_map<std::string, std::vector<source_file*>> by_app_;
  std::unordered_map<int, std::string> watched_;  // watch -> app ("" for the root)
  std::unordered_set<std::string> watched_apps_;
  std::unordered_set<source_file*> busy_;  // more to send than one round took
  std::string buffer_, frame_;
  bool positions_changed_ = false;
  clock::time_point last_save_{};
};

}  // namespace instrukt_ai::ship
