#include "byte_source.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string_view>
#include <unistd.h>

namespace instrukt_ai::logs {
namespace {

class plain_source final : public byte_source {
 public:
  plain_source(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~plain_source() override { ::close(fd_); }
  std::size_t read(char* out, std::size_t size) override {
    for (;;) {
      const ssize_t n = ::read(fd_, out, size);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EINTR) continue;
      error_ = "cannot read " + path_ + ": " + std::strerror(errno);
      return 0;
    }
  }

 private:
  int fd_;
  std::string path_;
};

class gzip_source final : public byte_source {
 public:
  gzip_source(gzFile gz, std::string path) : gz_(gz), path_(std::move(path)) { ::gzbuffer(gz_, 256u << 10); }
  ~gzip_source() override { ::gzclose(gz_); }
  std::size_t read(char* out, std::size_t size) override {
    if (!error_.empty()) return 0;
    const int n = ::gzread(gz_, out, static_cast<unsigned>(std::min<std::size_t>(size, INT_MAX)));
    if (n > 0 && !checked_) {
      checked_ = true;
      if (::gzdirect(gz_)) {
        not_gzip_ = true;
        error_ = path_ + " is not a gzip archive (its name ends in .gz); it was skipped";
        return 0;
      }
    }
    if (n > 0) return static_cast<std::size_t>(n);
    int code = Z_OK;
    std::string_view message = ::gzerror(gz_, &code);
    if (message.starts_with("<fd:"))  // zlib names a gzdopen()ed file by its descriptor: the path says it
      message.remove_prefix(std::min(message.size(), message.find(": ") + 2));
    if (n < 0 || (code != Z_OK && code != Z_STREAM_END))
      error_ = path_ + " is corrupt or truncated (" + std::string(message) + ")";
    return 0;
  }

 private:
  gzFile gz_;
  std::string path_;
  bool checked_ = false;
};

}  // namespace

std::unique_ptr<byte_source> byte_source::open(const log_file& file, std::string& error) {
  const int fd = open_log_file(file);
  if (fd < 0) {
    error = "cannot open " + file.path.string() + ": " + std::strerror(errno);
    return nullptr;
  }
  if (!file.compressed) return std::make_unique<plain_source>(fd, file.path.string());
  gzFile gz = ::gzdopen(fd, "rb");
  if (gz == nullptr) {
    error = "cannot read " + file.path.string() + ": " + std::strerror(errno ? errno : ENOMEM);
    ::close(fd);
    return nullptr;
  }
  return std::make_unique<gzip_source>(gz, file.path.string());
}

}  // namespace instrukt_ai::logs
