#include "control_file.hpp"

#include "level_policy.hpp"
#include "../line/rfc3339.hpp"

#include <instrukt_ai/logging/detail/line/timestamp.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace instrukt_ai::logging::detail {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// `"a,b"` or `'a,b'` -> `a,b`, as a shell env file may quote.
std::string_view unquoted(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) return s.substr(1, s.size() - 2);
  return s;
}

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

control_reading parse_control_text(std::string_view text, std::string_view env_prefix, std::int64_t now_us) {
  control_reading r;
  r.what = control_reading::state::read;
  const std::string p(env_prefix);
  const std::string k_level = p + "_LOG_LEVEL", k_third = p + "_THIRD_PARTY_LOG_LEVEL",
                    k_spotlight = p + "_THIRD_PARTY_LOGGERS", k_muted = p + "_MUTED_LOGGERS",
                    k_recorder = p + "_FLIGHT_RECORDER";
  std::uint64_t number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view raw = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    std::string_view line = trimmed(raw);
    if (line.empty() || line.front() == '#') continue;
    if (line.substr(0, 7) == "export ") line = trimmed(line.substr(7));
    auto bad = [&](std::string reason) { r.bad_lines.push_back({number, std::string(raw), std::move(reason)}); };
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      bad("not NAME=VALUE");
      continue;
    }
    const std::string_view key = trimmed(line.substr(0, eq));
    const std::string_view value = unquoted(trimmed(line.substr(eq + 1)));
    if (key == k_level || key == k_third) {
      const auto l = parse_level(value);
      if (!l) {
        bad("\"" + std::string(value) + "\" is not a level (TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL)");
        continue;
      }
      (key == k_level ? r.levels.ours : r.levels.third_party) = *l;
    } else if (key == k_recorder) {
      const auto l = parse_recorder_level(value);
      if (!l) {
        bad("\"" + std::string(value) + "\" is not a level (TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL) or OFF");
        continue;
      }
      r.levels.flight_recorder = *l;
    } else if (key == k_spotlight) {
      r.levels.third_party_loggers = std::string(value);
    } else if (key == k_muted) {
      r.levels.muted_loggers = std::string(value);
    } else if (key == "expires") {
      const auto t = parse_rfc3339(value);
      if (!t) {
        bad("\"" + std::string(value) + "\" is not an RFC 3339 time with its zone (2026-11-28T10:15:00Z)");
        continue;
      }
      if (*t > latest_expiry_us) {
        bad(std::string("\"").append(value).append("\" is past the latest time the clock holds (2262-04-11)"));
        continue;
      }
      r.levels.expires = std::chrono::system_clock::time_point(std::chrono::microseconds(*t));
      r.expired = *t <= now_us;
    } else {
      bad("unknown setting \"" + std::string(key) + "\"; this file takes " + k_level + ", " + k_third + ", " +
          k_spotlight + ", " + k_muted + ", " + k_recorder + " and expires");
    }
  }
  return r;
}

std::string control_text(const log_levels& levels, std::string_view env_prefix) {
  const std::string p(env_prefix);
  std::string out = "# Levels for this app's running processes (docs/control.md); delete the file to go back\n"
                    "# to the environment's levels.\n";
  if (levels.ours) out += p + "_LOG_LEVEL=" + std::string(to_string(*levels.ours)) + "\n";
  if (levels.third_party) out += p + "_THIRD_PARTY_LOG_LEVEL=" + std::string(to_string(*levels.third_party)) + "\n";
  if (levels.third_party_loggers) out += p + "_THIRD_PARTY_LOGGERS=" + *levels.third_party_loggers + "\n";
  if (levels.muted_loggers) out += p + "_MUTED_LOGGERS=" + *levels.muted_loggers + "\n";
  if (levels.flight_recorder) out += p + "_FLIGHT_RECORDER=" + std::string(to_string(*levels.flight_recorder)) + "\n";
  if (levels.expires) {
    std::string t(rfc3339_length, '\0');
    write_rfc3339(t.data(), std::chrono::duration_cast<std::chrono::nanoseconds>(levels.expires->time_since_epoch()).count());
    out += "expires=" + t + "\n";
  }
  return out;
}

control_file::control_file(std::filesystem::path path, std::string env_prefix)
    : path_(std::move(path)), env_prefix_(std::move(env_prefix)) {}

control_file::identity control_file::look() const noexcept {
  struct stat st;
  if (::lstat(path_.c_str(), &st) != 0) return {};
  return {true,
          st.st_dev,
          st.st_ino,
          st.st_size,
          std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec,
          std::int64_t{st.st_ctim.tv_sec} * 1'000'000'000 + st.st_ctim.tv_nsec};  // ctime: chmod, chown
}

std::optional<control_reading> control_file::changed(std::int64_t now_us) {
  const identity now = look();
  if (known_ && now == seen_) return std::nullopt;
  known_ = true;
  seen_ = now;
  std::string text;
  control_reading r;
  r.what = read(text, r.refusal);
  // Parsed only after the checks: the text of a refused file is never looked at.
  if (r.what == control_reading::state::read) r = parse_control_text(text, env_prefix_, now_us);
  return r;
}

control_reading::state control_file::read(std::string& text, std::string& refusal) const {
  using state = control_reading::state;
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return state::absent;
    refusal = errno == ELOOP ? "it is a symbolic link; write the file itself"
                               : std::string("it cannot be opened: ") + std::strerror(errno);
    return state::refused;
  }
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } close_it{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    refusal = std::string("fstat failed: ") + std::strerror(errno);
    return state::refused;
  }
  if (!S_ISREG(st.st_mode)) {
    refusal = "it is not a regular file";
    return state::refused;
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    refusal = "it is group- or world-writable (mode " + octal_mode(st.st_mode) + "); chmod 0640 it";
    return state::refused;
  }
  if (st.st_uid != ::geteuid() && st.st_uid != 0) {
    refusal = "it is owned by uid " + std::to_string(st.st_uid) + ", not by the service's user (uid " +
                std::to_string(::geteuid()) + ") or root; chown it";
    return state::refused;
  }
  if (static_cast<std::size_t>(st.st_size) > control_file_max_bytes) {
    refusal = "it is larger than 64 KiB";
    return state::refused;
  }
  text.assign(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return state::read;
}

}  // namespace instrukt_ai::logging::detail
