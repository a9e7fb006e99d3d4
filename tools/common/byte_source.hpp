// The bytes of one log file as they were written: a plain file read as it
// is, a .gz archive decompressed (zlib). What the reader's archive stream and
// `instrukt-ai-catalog check` both read files through.
#pragma once

#include "log_files.hpp"

#include <cstddef>
#include <memory>
#include <string>

namespace instrukt_ai::logs {

class byte_source {
 public:
  // The source for `file` (opened as open_log_file() does); nullptr with
  // `error` set when it cannot be opened.
  static std::unique_ptr<byte_source> open(const log_file& file, std::string& error);
  virtual ~byte_source() = default;

  // Up to `size` bytes into `out`; 0 at the end, or where the file could not
  // be read on (then damaged() and error() say so).
  virtual std::size_t read(char* out, std::size_t size) = 0;
  // The reading stopped before the end: an archive corrupt or truncated, not
  // gzip at all, or a read error. error() names the file and the reason.
  bool damaged() const noexcept { return !error_.empty(); }
  const std::string& error() const noexcept { return error_; }
  // An archive whose content is not gzip (gzip's own rule: read as it is).
  bool not_gzip() const noexcept { return not_gzip_; }

 protected:
  std::string error_;
  bool not_gzip_ = false;
};

}  // namespace instrukt_ai::logs
