#include "file_stream.hpp"

#include <zlib.h>

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

// An uncompressed file, mapped.
class mapped_stream final : public file_stream {
 public:
  mapped_stream(const log_file& file, const query& q, std::string& error) : file_stream(q) {
    fd_ = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd_ < 0 || ::fstat(fd_, &st) != 0) {
      error = "cannot read " + file.path.string() + ": " + std::strerror(errno);
      return;
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size > 0) {
      void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd_, 0);
      if (p == MAP_FAILED) {
        error = "cannot map " + file.path.string() + ": " + std::strerror(errno);
        return;
      }
      data_ = {static_cast<const char*>(p), size};
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
  // Binary search for a line older than the window by more than the
  // tolerance: no line before it can be in the window.
  std::size_t window_start() const noexcept {
    if (query_.since == no_time) return 0;
    const micros target = query_.since - out_of_order_tolerance;
    std::size_t lo = 0, hi = end_;
    while (hi - lo > 16384) {
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
    return true;
  }

  int fd_ = -1;
  std::string_view data_;
  std::size_t end_ = 0, pos_ = 0;
};

// A .gz archive, decompressed a block at a time; the last (maybe incomplete)
// group of each block is carried into the next.
class gzip_stream final : public file_stream {
 public:
  gzip_stream(const log_file& file, const query& q, std::string& error) : file_stream(q), path_(file.path.string()) {
    gz_ = ::gzopen(path_.c_str(), "rb");
    if (!gz_) {
      error = "cannot read " + path_ + ": " + std::strerror(errno ? errno : ENOMEM);
      return;
    }
    ::gzbuffer(gz_, 256u << 10);
  }
  ~gzip_stream() override {
    if (gz_) ::gzclose(gz_);
  }

 private:
  bool read_more() override {
    if (finished_ || state_.past_until) return false;
    buffer_.resize(carry_ + block_bytes);
    const int n = ::gzread(gz_, buffer_.data() + carry_, static_cast<unsigned>(block_bytes));
    if (n > 0 && !checked_direct_) {
      checked_direct_ = true;
      if (::gzdirect(gz_)) {
        error_ = path_ + " is not a gzip archive (its name ends in .gz); it was skipped";
        finished_ = true;
        return false;
      }
    }
    if (n <= 0) {
      int code = Z_OK;
      const char* message = ::gzerror(gz_, &code);
      if (n < 0 || (code != Z_OK && code != Z_STREAM_END))
        error_ = path_ + " is corrupt or truncated (" + message + "); the lines before the damage were read";
      finished_ = true;
      scan(std::string_view(buffer_.data(), carry_), true);
      return true;
    }
    const std::size_t total = carry_ + static_cast<std::size_t>(n);
    const std::string_view text(buffer_.data(), total);
    // Cut before the last timestamped line: the group it starts may go on in the next block.
    std::size_t cut = line_start(text, total - 1, 0);
    while (cut > 0 && !time_at(text, cut)) cut = line_start(text, cut - 1, 0);
    if (cut == 0 && total >= (64u << 20)) cut = total;  // one enormous group: let it go
    scan(text.substr(0, cut), true);
    std::memmove(buffer_.data(), buffer_.data() + cut, total - cut);
    carry_ = total - cut;
    return true;
  }

  std::string path_;
  gzFile gz_ = nullptr;
  std::vector<char> buffer_;
  std::size_t carry_ = 0;
  bool finished_ = false, checked_direct_ = false;
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
    if (copy)
      g.owned.assign(text);
    else
      g.text = text;
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
    if (head && (done_ || head->time <= read_up_to_ - out_of_order_tolerance)) {
      if (from_late) {
        std::pop_heap(late_.begin(), late_.end(), later);
        out = std::move(late_.back());
        late_.pop_back();
      } else {
        out = std::move(in_order_.front());
        in_order_.pop_front();
      }
      return true;
    }
    if (done_) return false;
    if (!read_more()) done_ = true;
  }
}

std::unique_ptr<file_stream> open_stream(const log_file& file, const query& q, std::string& error) {
  std::unique_ptr<file_stream> s;
  if (file.compressed)
    s = std::make_unique<gzip_stream>(file, q, error);
  else
    s = std::make_unique<mapped_stream>(file, q, error);
  if (!error.empty()) s.reset();
  return s;
}

follow_point take_follow_point(file_stream& stream) {
  auto* mapped = dynamic_cast<mapped_stream*>(&stream);
  return mapped ? mapped->take() : follow_point{};
}

std::optional<micros> newest_time(const log_file& file) {
  if (file.compressed) return std::nullopt;
  const int fd = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
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
