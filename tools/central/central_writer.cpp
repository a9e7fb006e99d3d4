#include "central_writer.hpp"

#include "central_events.hpp"
#include "delivery.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace instrukt_ai::central {

namespace {

// The order state is under 2 KB (16 generations, each an id and an offset);
// anything over 1 MiB is not one.
constexpr std::size_t max_state_bytes = std::size_t{1} << 20;

// Failures of the disk or the process, not of one path: they hold the input back.
bool disk_wide(int error) noexcept {
  return error == ENOSPC || error == EDQUOT || error == EIO || error == EMFILE || error == ENFILE || error == ENOMEM;
}

std::uint64_t lines_in(std::string_view bytes) noexcept {
  return static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
}

}  // namespace

struct central_writer::source {
  std::string host, app, file;   // file: "{file}.log"
  std::string state_name, path;  // ".{file}.log.order"; "{host}/{app}/{file}.log" for reports
  source_order order;
  int fd = -1;
  dev_t dev = 0;
  ino_t ino = 0;
  std::list<source*>::iterator in_lru;
  std::string pending;  // lines taken, not yet written
  bool order_saved = true;
  clock::time_point last_used{};
  // While it cannot be written: when to try again, and the lines dropped past hold_bytes.
  bool broken = false;
  clock::time_point retry_at{};
  std::uint64_t lost_lines = 0;
};

central_writer::central_writer(central_tree tree, writer_settings settings) : tree_(tree), settings_(settings) {
  settings_.max_open = std::max<std::size_t>(settings_.max_open, 1);
}

central_writer::~central_writer() {
  for (auto* s : lru_) ::close(s->fd);
}

void central_writer::take(std::string_view text, clock::time_point now) {
  const auto d = parse_delivery(text);
  if (!d.value) {
    log().log(CentralFrameRefused{d.reason, d.error, text.substr(0, 200)});
    return;
  }
  const auto& f = *d.value;
  bytes_.clear();
  if (!tools::decode_payload(f.payload, bytes_)) {
    log().log(CentralFrameRefused{"malformed", "its bytes hold a control byte or a '^' not followed by a known one",
                                  text.substr(0, 200)});
    return;
  }
  source& s = source_for(f.host, f.app, f.file, now);
  const auto v = s.order.take(f.generation, f.offset, bytes_.size());
  s.last_used = now;
  mark_saved(s, false);
  if (v.what == verdict::resent || v.skip > 0)
    log().log(CentralResent{f.host, f.app, f.file, f.generation, f.offset, v.what == verdict::resent ? bytes_.size() : v.skip});
  if (v.what == verdict::resent) return;
  if (v.what == verdict::gap) log().log(CentralGap{f.host, f.app, f.file, f.generation, f.offset, v.missing_bytes});
  const auto fresh = std::string_view(bytes_).substr(v.skip);
  if (s.broken && s.pending.size() >= settings_.hold_bytes) {
    s.lost_lines += lines_in(fresh);  // reported when the source can be written again, or at the end
    return;
  }
  s.pending += fresh;
}

central_writer::source& central_writer::source_for(std::string_view host, std::string_view app,
                                                   std::string_view file, clock::time_point now) {
  key_.clear();
  for (const auto part : {host, app, file}) (key_ += part) += '/';
  if (const auto it = sources_.find(key_); it != sources_.end()) return *it->second;
  auto s = std::make_unique<source>();
  s->host = host;
  s->app = app;
  s->file = std::string(file) + ".log";
  s->state_name = "." + s->file + ".order";
  s->path = s->host + "/" + s->app + "/" + s->file;
  s->last_used = now;
  const auto state = read_small(tree_, host, app, s->state_name, max_state_bytes);
  if (state.error != 0)  // started afresh: repeats may be written, holes not reported
    log().log(CentralOrderSaveFailed{s->host + "/" + s->app + "/" + s->state_name, "cannot read it: " + state.reason});
  s->order = source_order::load(state.text);
  return *sources_.emplace(key_, std::move(s)).first->second;
}

void central_writer::mark_saved(source& s, bool saved) {
  if (s.order_saved == saved) return;
  s.order_saved = saved;
  saved ? --unsaved_ : ++unsaved_;
}

bool central_writer::open_source(source& s) {
  if (lru_.size() >= settings_.max_open) close_source(*lru_.back());
  auto o = tree_.open(s.host, s.app, s.file, O_WRONLY | O_APPEND | O_CREAT);
  if (!o && (o.error == EMFILE || o.error == ENFILE)) {  // descriptors used elsewhere: give back half, once
    for (std::size_t n = lru_.size() / 2; n > 0; --n) close_source(*lru_.back());
    o = tree_.open(s.host, s.app, s.file, O_WRONLY | O_APPEND | O_CREAT);
  }
  if (!o) {
    log().log(CentralWriteFailed{s.path, o.reason});
    errno = o.error;
    return false;
  }
  struct stat st {};
  ::fstat(o.fd, &st);
  s.fd = o.fd;
  s.dev = st.st_dev;
  s.ino = st.st_ino;
  lru_.push_front(&s);
  s.in_lru = lru_.begin();
  return true;
}

void central_writer::close_source(source& s) {
  if (s.fd < 0) return;
  ::close(s.fd);
  s.fd = -1;
  lru_.erase(s.in_lru);
}

central_writer::outcome central_writer::write_source(source& s, clock::time_point now) {
  if (s.pending.empty()) return outcome::written;
  if (s.broken && now < s.retry_at) return outcome::broken;
  if (s.fd < 0 && !open_source(s)) {
    if (disk_wide(errno)) return outcome::held;
    s.broken = true;
    s.retry_at = now + settings_.retry;
    return outcome::broken;
  }
  if (!write_all(s.fd, s.pending)) {
    const int error = errno;
    log().log(CentralWriteFailed{s.path, std::strerror(error)});
    close_source(s);  // opened again next time: the path may have been fixed or replaced
    if (disk_wide(error)) return outcome::held;
    s.broken = true;
    s.retry_at = now + settings_.retry;
    return outcome::broken;
  }
  lru_.splice(lru_.begin(), lru_, s.in_lru);  // the most recently written
  if (s.broken) {
    s.broken = false;
    if (s.lost_lines > 0)
      log().log(CentralLinesLost{s.host, s.app, s.file, s.lost_lines, "held past 1 MiB while the file could not be written"});
    s.lost_lines = 0;
  }
  return outcome::written;
}

void central_writer::save_order(source& s) {
  const auto text = s.order.save();
  const auto o = tree_.open(s.host, s.app, s.state_name, O_WRONLY | O_CREAT);
  bool ok = false;
  std::string reason = o.reason;
  if (o) {
    ok = ::pwrite(o.fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()) &&
         ::ftruncate(o.fd, static_cast<off_t>(text.size())) == 0;
    if (!ok) reason = std::strerror(errno);
    ::close(o.fd);
  }
  if (!ok) log().log(CentralOrderSaveFailed{s.host + "/" + s.app + "/" + s.state_name, reason});
  mark_saved(s, ok);
}

bool central_writer::write_out(clock::time_point now, bool last) {
  if (now - last_check_ >= std::chrono::seconds(1)) {
    last_check_ = now;
    housekeeping(now);
  }
  const bool save = last || now - last_save_ >= std::chrono::milliseconds(200);
  if (save) last_save_ = now;
  bool disk_ok = true;
  for (auto& [key, s] : sources_) {
    const auto o = write_source(*s, now);
    if (o == outcome::held) disk_ok = false;
    // The order is saved only past lines that are written (or counted as lost).
    if (o == outcome::written && save && !s->order_saved) save_order(*s);
  }
  return disk_ok;
}

void central_writer::housekeeping(clock::time_point now) {
  // A central file renamed away (logrotate on the central tree) or replaced:
  // the next lines go to a new file at the path.
  for (auto it = lru_.begin(); it != lru_.end();) {
    source& s = **it++;
    if (now - s.last_used >= settings_.idle_close || !tree_.is_same(s.host, s.app, s.file, s.dev, s.ino))
      close_source(s);
  }
  std::erase_if(sources_, [&](const auto& entry) {
    const source& s = *entry.second;
    return now - s.last_used >= settings_.idle_release && s.pending.empty() && s.order_saved && !s.broken &&
           s.fd < 0;
  });
}

std::uint64_t central_writer::give_up() {
  std::uint64_t lost = 0;
  for (auto& [key, s] : sources_) {
    const auto n = s->lost_lines + lines_in(s->pending);
    if (n == 0) continue;
    log().log(CentralLinesLost{s->host, s->app, s->file, n, "not written when the input ended"});
    lost += n;
    s->pending.clear();
    s->lost_lines = 0;
  }
  return lost;
}

}  // namespace instrukt_ai::central
