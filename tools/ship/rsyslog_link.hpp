// The shipper's link to its rsyslogd: a Unix stream socket (rsyslog's imptcp
// input, deploy/rsyslog/agent.conf), one message per frame in octet-counted
// framing ("LENGTH MESSAGE"), so that a frame of many lines is one message.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace instrukt_ai::ship {

class rsyslog_link {
 public:
  explicit rsyslog_link(std::filesystem::path socket) : path_(std::move(socket)) {}
  ~rsyslog_link() { close(); }
  rsyslog_link(const rsyslog_link&) = delete;
  rsyslog_link& operator=(const rsyslog_link&) = delete;

  bool connected() const noexcept { return fd_ >= 0; }
  // False, with the reason in error(), when rsyslogd does not listen (yet).
  bool connect();
  // Sends one message, waiting while rsyslogd does not read (checking `stop`
  // every 500 ms); false (closed, the reason in error()) when the link broke
  // or `stop` was set meanwhile. Returns the bytes written with the length.
  std::uint64_t send(std::string_view message, const std::atomic<bool>& stop);
  void close() noexcept;

  // What the socket's send buffer can hold: frames within it may be lost
  // with rsyslogd.
  std::uint64_t buffer_bytes() const noexcept { return buffer_bytes_; }
  const std::string& error() const noexcept { return error_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t buffer_bytes_ = 0;
  std::string error_;
};

}  // namespace instrukt_ai::ship
