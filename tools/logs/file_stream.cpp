#include "file_stream.hpp"

#include "common/byte_source.hpp"
#include "mapping_guard.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace instrukt_ai::logs {
namespace {

constexpr std::size_t block_bytes = 4u << 20;

bool later(const group& a, const group& b) noexcept { return a.time != b.time ? a.time > b.time : a.seq > b.seq; }

// The start of the first timestamped line at or after `at` and before `limit`, or limit.
std::size_t next_timed_line(std::string_view text, std::size_t at, std::size_t limit) noexcept {
  while (at < limit && !time_at(text, at)) at = line_end(text, at) + 1;
  return std::min(at, limit);
}

// An uncompressed file, mapped (mapping_guard.hpp keeps a truncation during
// the read from killing the reader).
class mapped_stream final : public file_stream {
 public:
  mapped_stream(const log_file& file, const query& q, bool follow, std::string& error)
      : file_stream(q), path_(file.path.string()) {
    fd_ = open_log_file(file);
    struct stat st;
    if (fd_ < 0 || ::fstat(fd_, &st) != 0) {
      error = "cannot read " + path_ + ": " + std::strerror(errno);
      return;
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size > 0) {
      void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd_, 0);
      if (p == MAP_FAILED) {
        error = "cannot map " + path_ + ": " + std::strerror(errno);
        return;
      }
      data_ = {static_cast<const char*>(p), size};
      guard_ = mapping_guard(data_);
    }
    if (!(follow && file.live)) {  // the mapping needs no descriptor
      ::close(fd_);
      fd_ = -1;
    }
    // A live file's last line may still be being written: it is left to --follow.
    end_ = size;
    if (file.live) {
      const void* nl = size ? ::memrchr(data_.data(), '\n', size) : nullptr;
      end_ = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data_.data()) + 1 : 0;
    }
    pos_ = window_start();
    if (size > pos_) ::madvise(const_cast<char*>(data_.data() + (pos_ & ~std::size_t{4095})), size - (pos_ & ~std::size_t{4095}), MADV_SEQUENTIAL);
  }
  ~mapped_stream() override {
    if (data_.data()) ::munmap(const_cast<char*>(data_.data()), data_.size());
    if (fd_ >= 0) ::close(fd_);
  }

  follow_point take() {
    follow_point p{fd_, end_};
    fd_ = -1;
    return p;
  }

 private:
  // Where to start reading for the window: the last line older than the
  // window by more than the tolerance, found from the timestamps of lines
  // sampled across the file (then a binary search between two samples). Where
  // a sample is older than one before it by more than the tolerance (a clock
  // stepped back), the times cannot be searched past it: the reading starts
  // at the last sample before the window among those before the step, and
  // scans the rest, with a notice.
  std::size_t window_start() {
    if (query_.since == no_time) return 0;
    const micros target = query_.since - out_of_order_tolerance;
    const std::size_t step = std::max<std::size_t>(std::size_t{64} << 10, end_ / 2048);
    std::size_t lo = 0, hi = end_;
    micros highest = no_time;
    bool found_hi = false;
    for (std::size_t at = 0; at < end_; at += step) {
      const std::size_t p = next_timed_line(data_, at == 0 ? 0 : line_end(data_, at) + 1, end_);
      if (p >= end_) break;
      const micros t = *time_at(data_, p);
      if (highest != no_time && t < highest - out_of_order_tolerance) {
        notice_ = path_ + ": timestamps go back by more than 2 s near byte " + std::to_string(p) +
                  " (a clock stepped back?); read on from byte " + std::to_string(lo) + " instead of searching";
        state_.ordered = false;
        return lo;
      }
      highest = std::max(highest, t);
      if (t < target) {
        lo = p;
      } else if (!found_hi) {
        hi = p;
        found_hi = true;
      }
    }
    while (hi > lo && hi - lo > 16384) {
      const std::size_t mid = lo + (hi - lo) / 2;
      const std::size_t p = next_timed_line(data_, line_end(data_, mid) + 1, hi);
      if (p >= hi)
        hi = mid;
      else if (*time_at(data_, p) < target)
        lo = p;
      else
        hi = mid;
    }
    return lo;
  }

  bool read_more() override {
    if (pos_ >= end_ || state_.past_until) return false;
    std::size_t stop = end_;
    if (end_ - pos_ > block_bytes) stop = next_timed_line(data_, line_end(data_, pos_ + block_bytes) + 1, end_);
    scan(data_.substr(pos_, stop - pos_), false);
    pos_ = stop;
    if (const auto damaged = guard_.damaged_from(); damaged != mapping_guard::intact) truncated(damaged);
    return true;
  }

  // A group reaching past where the file was truncated is dropped (its text is gone).
  bool readable(const group& g) noexcept override {
    const auto begin = static_cast<std::size_t>(g.text.data() - data_.data());
    const auto end = std::min(begin + g.text.size() + 1, data_.size());  // with its '\n'
    if (guard_.readable(begin, end)) return true;
    truncated(guard_.damaged_from());
    return false;
  }

  void truncated(std::size_t at) {
    if (!error_.empty()) return;
    error_ = path_ + " was truncated while it was read (at byte " + std::to_string(at) +
             "); the lines before it were printed";
    end_ = std::min(end_, at);
    pos_ = std::max(pos_, end_);
  }

  std::string path_;
  int fd_ = -1;
  std::string_view data_;
  mapping_guard guard_;
  std::size_t end_ = 0, pos_ = 0;
};

// The start of the last timestamped line of `text` that starts after `floor`
// (or at it), or 0. A line start is a byte after a '\n'; only one that starts
// with a digit can hold a timestamp, so a run of empty lines costs little.
std::size_t last_timed_start(std::string_view text, std::size_t floor) noexcept {
  for (std::size_t i = text.size(); i >= floor && i > 0; --i)
    if (text[i - 1] == '\n' && i < text.size() && text[i] >= '0' && text[i] <= '9' && time_at(text, i)) return i;
  return 0;
}

// A .gz archive, decompressed a block at a time; the last (maybe incomplete)
// group of each block is carried into the next. A group over max_group_bytes
// (a line of 64 MiB or more with its continuation lines) is not printed: it
// is reported, and the reading goes on at the next timestamped line.
class gzip_stream final : public file_stream {
 public:
  static constexpr std::size_t max_group_bytes = std::size_t{64} << 20;

  gzip_stream(const log_file& file, const query& q, std::string& error)
      : file_stream(q), source_(byte_source::open(file, error)), path_(file.path.string()) {}

 private:
  bool read_more() override {
    if (finished_ || state_.past_until) return false;
    buffer_.resize(carry_ + block_bytes);
    const std::size_t n = source_->read(buffer_.data() + carry_, block_bytes);
    if (source_->not_gzip()) {
      error_ = source_->error();
      finished_ = true;
      return false;
    }
    if (n == 0) {
      finish();
      return true;
    }
    std::size_t total = carry_ + static_cast<std::size_t>(n);
    std::size_t from = 0;
    if (skipping_) {  // past a group too long to print: on from the next timestamped line
      from = next_timed_line(std::string_view(buffer_.data(), total), 0, total);
      if (from == total) {
        carry_ = 0;
        return true;
      }
      skipping_ = false;
    }
    const std::string_view text(buffer_.data() + from, total - from);
    // Cut before the last timestamped line: the group it starts may go on in
    // the next block. The carried text was searched already, but for its last line.
    const std::size_t searched = carry_ > from ? line_start(text, carry_ - from - 1, 0) : 0;
    std::size_t cut = last_timed_start(text, searched);
    if (cut == 0 && text.size() >= max_group_bytes) {
      if (time_at(text, 0)) {  // one group over the cap: not printed, reported
        oversized_.emplace_back(text.substr(0, std::min<std::size_t>(text.size(), 27)));
        skipping_ = true;
        carry_ = 0;
        return true;
      }
      cut = text.size();  // lines before any timestamp: never printed
    }
    scan(text.substr(0, cut), true);
    std::memmove(buffer_.data(), text.data() + cut, text.size() - cut);
    carry_ = text.size() - cut;
    return true;
  }

  // At the end of the archive or its damage: the carried group is scanned. A
  // truncated or corrupt archive's last line, cut by the damage (no '\n'
  // after it), is not printed as a line: it is counted in the error instead.
  void finish() {
    finished_ = true;
    const bool damaged = source_->damaged();
    std::string_view rest(buffer_.data(), skipping_ ? 0 : carry_);
    std::size_t cut_bytes = 0;
    if (damaged && !rest.empty() && rest.back() != '\n') {
      const std::size_t keep = line_start(rest, rest.size() - 1, 0);
      cut_bytes = rest.size() - keep;
      rest = rest.substr(0, keep);
    }
    if (damaged)
      error_ = source_->error() + "; the lines before the damage were read" +
               (cut_bytes ? "; its last line, cut by the damage (" + std::to_string(cut_bytes) + " bytes), was not printed"
                          : std::string());
    for (const auto& start : oversized_)
      error_ += (error_.empty() ? "" : "; ") + path_ + ": a line of 64 MiB or more (with its continuation lines) " +
                "starting '" + std::string(start) + "' was not printed";
    scan(rest, true);
  }

  std::unique_ptr<byte_source> source_;
  std::string path_;
  std::vector<char> buffer_;
  std::size_t carry_ = 0;
  bool finished_ = false, skipping_ = false;
  std::vector<std::string> oversized_;  // the timestamps of groups too long to print
};

}  // namespace

std::optional<micros> last_time(std::string_view text) noexcept {
  std::size_t end = text.size();
  while (end > 0) {
    const std::size_t start = line_start(text, end - 1, 0);
    if (const auto t = time_at(text, start)) return t;
    end = start;
  }
  return std::nullopt;
}

void file_stream::scan(std::string_view block, bool copy) {
  scan_block(block, query_, state_, [&](micros t, std::string_view text) {
    group g;
    g.time = t;
    g.seq = seq_++;
    if (copy) {
      g.owned.assign(text);
      held_bytes_ += text.size();
    } else {
      g.text = text;
    }
    if (in_order_.empty() || in_order_.back().time <= g.time) {
      in_order_.push_back(std::move(g));
    } else {
      late_.push_back(std::move(g));
      std::push_heap(late_.begin(), late_.end(), later);
    }
  });
  read_up_to_ = state_.newest;
}

bool file_stream::next(group& out) {
  while (true) {
    // The older of the two heads; it can go once no line still to come may be older.
    const bool from_late = !late_.empty() && (in_order_.empty() || later(in_order_.front(), late_.front()));
    const group* head = from_late ? &late_.front() : in_order_.empty() ? nullptr : &in_order_.front();
    // Past the caps (many lines of one timestamp), the oldest goes on without waiting.
    const bool over = in_order_.size() + late_.size() > max_held_groups || held_bytes_ > max_held_bytes;
    if (head && (done_ || over || head->time <= read_up_to_ - out_of_order_tolerance)) {
      if (from_late) {
        std::pop_heap(late_.begin(), late_.end(), later);
        out = std::move(late_.back());
        late_.pop_back();
      } else {
        out = std::move(in_order_.front());
        in_order_.pop_front();
      }
      held_bytes_ -= out.owned.size();
      if (!readable(out)) continue;
      return true;
    }
    if (done_) return false;
    if (!read_more()) done_ = true;
  }
}

std::unique_ptr<file_stream> open_stream(const log_file& file, const query& q, bool follow, std::string& error) {
  std::unique_ptr<file_stream> s;
  if (file.compressed)
    s = std::make_unique<gzip_stream>(file, q, error);
  else
    s = std::make_unique<mapped_stream>(file, q, follow, error);
  if (!error.empty()) s.reset();
  return s;
}

follow_point take_follow_point(file_stream& stream) {
  auto* mapped = dynamic_cast<mapped_stream*>(&stream);
  return mapped ? mapped->take() : follow_point{};
}

std::optional<micros> newest_time(const log_file& file) {
  if (file.compressed) return std::nullopt;
  const int fd = open_log_file(file);
  if (fd < 0) return std::nullopt;
  struct stat st;
  std::string tail;
  if (::fstat(fd, &st) == 0) {
    const off_t size = st.st_size, from = size > 65536 ? size - 65536 : 0;
    tail.resize(static_cast<std::size_t>(size - from));
    const ssize_t n = ::pread(fd, tail.data(), tail.size(), from);
    tail.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  ::close(fd);
  return last_time(tail);
}

}  // namespace instrukt_ai::logs
