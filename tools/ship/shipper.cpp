#include "shipper.hpp"

#include "common/atomic_file.hpp"
#include "common/fleet_frame.hpp"
#include "ship_events.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace instrukt_ai::ship {

namespace {

// Past the socket's buffer: what rsyslogd's input may hold read but not yet handed on.
constexpr std::uint64_t input_buffer_margin = std::uint64_t{4} << 20;
constexpr std::size_t frames_per_round = 8;
constexpr auto scan_every = std::chrono::milliseconds(250);
constexpr auto deep_scan_every = std::chrono::seconds(1);
constexpr auto save_every = std::chrono::seconds(1);

}  // namespace

shipper::shipper(ship_settings settings, int root_fd)
    : settings_(std::move(settings)), root_fd_(root_fd), link_(settings_.socket),
      window_(settings_.window, input_buffer_margin) {}

shipper::~shipper() {
  if (inotify_ >= 0) ::close(inotify_);
}

source_file& shipper::source(const std::string& app, const std::string& stem) {
  auto& s = sources_[app + "/" + stem];
  if (!s) {
    s = std::make_unique<source_file>(app, stem);
    by_app_[app].push_back(s.get());
  }
  return *s;
}

void shipper::load_positions() {
  std::ifstream in(settings_.positions, std::ios::binary);
  if (!in) return;  // the first start: every file from its start
  std::ostringstream text;
  text << in.rdbuf();
  std::string error;
  const auto saved = parse_positions(text.str(), error);
  if (!error.empty()) {  // reported; every file is then read from its start, and the writer drops what it has
    log().log(ShipPositionsFailed{settings_.positions.string(), "cannot be read: " + error});
    return;
  }
  for (const auto& g : saved) {
    if (!tools::valid_stem(g.app) || !tools::valid_stem(g.stem)) continue;
    if (auto found = find_generation(root_fd_, g)) {
      source(g.app, g.stem).adopt(std::move(found));
    } else {
      log().log(ShipGenerationMissing{g.app, g.stem, g.id, g.offset});
    }
  }
}

void shipper::watch(const std::filesystem::path& path, const std::string& app, std::uint32_t mask) {
  if (inotify_ < 0) return;
  const int wd = ::inotify_add_watch(inotify_, path.c_str(), mask | IN_DONT_FOLLOW | IN_ONLYDIR);
  if (wd < 0) {
    log().log(ShipWatchFailed{path.string(), std::strerror(errno)});
    return;
  }
  watched_[wd] = app;
}

void shipper::discover() {
  for (const auto& app : names_in(root_fd_, ".")) {
    struct stat st {};
    if (tools::valid_stem(app) && ::fstatat(root_fd_, app.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISDIR(st.st_mode))
      discover_app(app);
  }
}

void shipper::discover_app(const std::string& app) {
  for (const auto& name : names_in(root_fd_, app.c_str())) {
    if (!name.ends_with(".log")) continue;
    const auto stem = name.substr(0, name.size() - 4);
    if (tools::valid_stem(stem)) source(app, stem);
  }
  if (watched_apps_.insert(app).second)
    watch(settings_.root / app, app, IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM);
}

void shipper::read_events(std::unordered_set<source_file*>& dirty, bool& rescan) {
  alignas(inotify_event) char buf[16384];
  for (;;) {
    const auto n = inotify_ < 0 ? -1 : ::read(inotify_, buf, sizeof buf);
    if (n <= 0) return;
    for (char* p = buf; p < buf + n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(p);
      p += sizeof(inotify_event) + e->len;
      if (e->mask & IN_Q_OVERFLOW) rescan = true;
      const auto w = watched_.find(e->wd);
      if (w == watched_.end()) continue;
      if (e->mask & IN_IGNORED) {  // the folder went away
        watched_apps_.erase(w->second);
        watched_.erase(w);
        continue;
      }
      if (w->second.empty()) {
        rescan = true;  // a new app folder
        continue;
      }
      const std::string_view name = e->len > 0 ? e->name : "";
      if ((e->mask & (IN_CREATE | IN_MOVED_TO)) && name.ends_with(".log")) discover_app(w->second);
      for (auto* s : by_app_[w->second]) dirty.insert(s);
    }
  }
}

bool shipper::check(source_file& s, bool deep) {
  const auto before = s.generations().size();
  const generation_ptr last = before == 0 ? nullptr : s.generations().back();
  const auto error = s.check(root_fd_, deep);
  if (!error.empty()) log().log(ShipReadFailed{(settings_.root / s.app() / (s.stem() + ".log")).string(), error});
  const bool started = s.generations().size() != before || (before > 0 && s.generations().back() != last);
  positions_changed_ = positions_changed_ || started;
  return started;
}

shipper::pumped shipper::pump(source_file& s, const std::atomic<bool>& stop) {
  for (std::size_t i = 0; i < frames_per_round; ++i) {
    const auto c = s.next(buffer_, settings_.frame_bytes);
    if (!c) return pumped::idle;
    frame_.clear();
    tools::append_frame(frame_, {settings_.host, s.app(), s.stem(), c->from->id, c->offset, {}}, c->bytes);
    const auto wire = link_.send(frame_, stop);
    if (wire == 0) {
      log().log(ShipLinkDown{link_.error()});
      return pumped::broken;
    }
    window_.sent(s, *c, wire);
    s.sent(*c);
    positions_changed_ = true;
  }
  return pumped::more;
}

std::size_t shipper::rewind_all() {
  const auto points = window_.resume_points();
  for (const auto& [s, from] : points) const_cast<source_file*>(s)->rewind(from);
  window_.clear();
  return points.size();
}

void shipper::save_positions(bool now) {
  const auto t = clock::now();
  if (!positions_changed_ || (!now && t - last_save_ < save_every)) return;
  last_save_ = t;
  const auto points = window_.resume_points();
  std::vector<saved_generation> saved;
  for (const auto& entry : sources_) {
    const source_file& s = *entry.second;
    std::vector<generation_ptr> listed;
    auto add = [&](const generation_ptr& g, std::uint64_t offset) {
      if (std::find(listed.begin(), listed.end(), g) != listed.end()) return;
      listed.push_back(g);
      saved.push_back({s.app(), s.stem(), g->ino, g->id, offset});
    };
    if (const auto p = points.find(&s); p != points.end())
      for (const auto& [g, offset] : p->second) add(g, offset);
    for (const auto& g : s.generations()) add(g, g->next);
  }
  try {
    tools::write_file_atomically(settings_.positions, positions_text(saved), 0600);
    positions_changed_ = false;
  } catch (const std::exception& e) {
    log().log(ShipPositionsFailed{settings_.positions.string(), e.what()});
  }
}

void shipper::run(const std::atomic<bool>& stop) {
  load_positions();
  inotify_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_ < 0) log().log(ShipWatchFailed{settings_.root.string(), std::strerror(errno)});
  watch(settings_.root, "", IN_CREATE | IN_MOVED_TO);
  discover();
  log().log(ShipStarted{settings_.root.native(), settings_.host, settings_.socket.native(), sources_.size(), settings_.window});
  auto next_scan = clock::now(), next_deep = clock::now();
  while (!stop.load(std::memory_order_relaxed)) {
    if (!link_.connected()) {
      if (!link_.connect()) {
        log().log(ShipLinkDown{link_.error()});
        save_positions(false);
        ::poll(nullptr, 0, 200);
        continue;
      }
      window_.set_buffered(link_.buffer_bytes() + input_buffer_margin);
      log().log(ShipConnected{settings_.socket.native(), rewind_all()});
      for (auto& [key, s] : sources_) busy_.insert(s.get());
    }
    std::unordered_set<source_file*> handle = std::move(busy_);
    busy_.clear();
    bool rescan = false;
    read_events(handle, rescan);
    // Every 250 ms each path is looked at; every second also closely (its
    // first line), and the root for new apps.
    const auto now = clock::now();
    const bool deep = now >= next_deep;
    if (deep) next_deep = now + deep_scan_every;
    if (rescan || deep) discover();
    if (deep || now >= next_scan) {
      next_scan = now + scan_every;
      for (auto& [key, s] : sources_) handle.insert(s.get());
    }
    // A new generation is saved before any of it is sent: after a crash it is
    // then known, and so is what rotation made of the one before (its copy, or
    // its new name), whose rest is still to be read.
    bool started = false;
    for (auto* s : handle) started = check(*s, deep) || started;
    if (started) save_positions(true);
    bool broken = false;
    for (auto* s : handle) {
      const auto p = pump(*s, stop);
      if (p == pumped::more) busy_.insert(s);
      if (p == pumped::broken) {
        broken = true;
        break;
      }
    }
    save_positions(false);
    if (broken || !busy_.empty()) continue;
    pollfd in{inotify_, POLLIN, 0};
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_scan - clock::now()).count();
    ::poll(&in, inotify_ < 0 ? 0 : 1, static_cast<int>(std::clamp<long long>(wait, 0, 250)));
  }
  save_positions(true);
}

}  // namespace instrukt_ai::ship
