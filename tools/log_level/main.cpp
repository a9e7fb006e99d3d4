// instrukt-ai-log-level: changes the levels of an app's running processes
// through its control file, {root}/{app}/{app}.levels, and waits for them to
// say so (docs/control.md).
//
// Exit status: 0 confirmed (or shown); 1 refused by the service; 2 usage
// error; 3 done (the file written or removed) but not confirmed in time: the
// service is not running, or not with this root.
#include "log_watch.hpp"

#include "common/args.hpp"
#include "common/atomic_file.hpp"
#include "common/log_files.hpp"
#include "common/time_text.hpp"

#include "levels/control_file.hpp"

#include <instrukt_ai/logging/configure.hpp>
#include <instrukt_ai/logging/names.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

namespace tools = instrukt_ai::tools;
namespace fs = std::filesystem;
namespace ial = instrukt_ai::logging;
namespace logs = instrukt_ai::logs;
using namespace instrukt_ai::log_level;

namespace {

constexpr const char* usage =
    "usage: instrukt-ai-log-level APP LEVEL [--for D] [--third-party-level LEVEL] [--third-party PREFIXES]\n"
    "                             [--muted PREFIXES] [--root DIR] [--env-prefix P]\n"
    "       instrukt-ai-log-level APP --reset [--root DIR]\n"
    "       instrukt-ai-log-level APP [--root DIR]          (shows the levels in force)\n"
    "  LEVEL: TRACE DEBUG INFO WARNING ERROR CRITICAL, for the app's own loggers\n"
    "  D: 30s 15m 2h 1d; then the environment's levels come back by themselves\n"
    "  PREFIXES: comma-separated logger prefixes (httpx,urllib3)\n"
    "  writes DIR/APP/APP.levels (DIR: $INSTRUKT_AI_LOG_ROOT, else /var/log/instrukt-ai) and waits up to 2 s\n"
    "  for the service's log_levels_changed line\n"
    "  exit status: 0 confirmed, 1 refused by the service, 2 usage error, 3 done but not confirmed\n"
    "  (the service is not running, or not with this root)\n";

constexpr auto confirm_wait = std::chrono::seconds(2);

int usage_error(const std::string& message) {
  return tools::usage_exit("instrukt-ai-log-level", message, tools::help_hint("instrukt-ai-log-level"));
}

ial::level level_argument(std::string_view option, std::string_view text) {
  if (auto l = ial::parse_level(text)) return *l;
  throw std::invalid_argument(std::string(option) + " \"" + std::string(text) +
                              "\" is not a level (TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL)");
}

// `15m` -> now + 15 minutes; an error past the clock's range (2262-04-11).
std::chrono::system_clock::time_point expiry_for(std::string_view text) {
  const logs::micros now = logs::now_micros();
  const bool duration = !text.empty() && text[0] >= '1' && text[0] <= '9' && std::string_view("smhd").find(text.back()) != std::string_view::npos;
  const auto back = duration ? logs::parse_when(text, now) : std::nullopt;
  if (!back) throw std::invalid_argument("--for \"" + std::string(text) + "\" is not a duration such as 30s, 15m, 2h or 1d");
  if (now - *back > ial::detail::latest_expiry_us - now)
    throw std::invalid_argument("--for \"" + std::string(text) +
                                "\" ends past 2262-04-11, the latest time the clock holds; give a shorter one");
  return std::chrono::system_clock::time_point(std::chrono::microseconds(now + (now - *back)));
}

// Who the file is written for: run as root, the owner and group of the app's
// live log (else of its folder), so that the service, running as its own
// user, can read it; otherwise the caller's (-1: unchanged).
tools::file_owner owner_for(const fs::path& folder, const fs::path& live_log) {
  struct stat st;
  if (::geteuid() != 0) return {};
  if (::lstat(live_log.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return {st.st_uid, st.st_gid};
  if (::stat(folder.c_str(), &st) == 0) return {st.st_uid, st.st_gid};
  return {};
}

// Waits for the service's answer to the change just made; prints its lines.
// `reset`: the file was removed (else written).
int confirm(live_lines& watch, const fs::path& control, bool reset) {
  const std::string_view expected_source = reset ? "reset" : "file";
  const auto until = std::chrono::steady_clock::now() + confirm_wait;
  while (true) {
    for (const auto& line : watch.take()) {
      if (is_library_line(line, "log_levels_line_ignored") && value_of(line, "path") == control.string()) {
        std::printf("%s\n", line.c_str());
      } else if (is_library_line(line, "log_levels_file_refused") && value_of(line, "path") == control.string()) {
        std::printf("%s\n", line.c_str());
        std::fprintf(stderr, "instrukt-ai-log-level: the service refused %s: %s\n", control.c_str(),
                     value_of(line, "reason").value_or("").c_str());
        return 1;
      } else if (is_library_line(line, "log_levels_changed") && value_of(line, "source") == expected_source) {
        std::printf("%s\n", line.c_str());
        return 0;
      }
    }
    if (std::chrono::steady_clock::now() >= until) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  // Said as what was done, and why it is not confirmed.
  std::fprintf(stderr,
               "instrukt-ai-log-level: %s %s, but no log_levels_changed line (source=%s) came within 2 s in %s/*.log: "
               "the service is not running, or not with this root (--root). %s\n",
               reset ? "removed" : "wrote", control.c_str(), reset ? "reset" : "file", control.parent_path().c_str(),
               reset ? "When it starts, it uses the environment's levels."
                     : "The file stays: it applies when the service starts.");
  return 3;
}

// The levels in force: the newest of the service's start line
// (logging_configured: each level and where it came from) and its newest
// change (log_levels_changed), as written; then the control file's state.
int show(const fs::path& folder, const fs::path& control, const std::string& env_prefix) {
  const auto started = newest_library_line(folder, "logging_configured");
  const auto changed = newest_library_line(folder, "log_levels_changed");
  const auto time_of = [](const std::optional<std::string>& line) {
    return line ? logs::line_time(*line) : std::nullopt;
  };
  if (changed && (!started || time_of(changed) >= time_of(started))) {
    std::printf("%s\n(the levels in force since that change, source=%s)\n", changed->c_str(),
                value_of(*changed, "source").value_or("?").c_str());
  } else if (started) {
    std::printf("%s\n(the levels in force since the service started, pid %s: each level's _from says env or default)\n",
                started->c_str(), value_of(*started, "pid").value_or("?").c_str());
  } else {
    std::printf("no logging_configured or log_levels_changed line in %s/*.log: the service has not run here with "
                "this library, or those lines were rotated away\n",
                folder.c_str());
  }
  ial::detail::control_file file(control, env_prefix);
  const auto reading = file.changed(logs::now_micros());
  using state = ial::detail::control_reading::state;
  if (!reading || reading->what == state::absent) {
    std::printf("control file: none (%s)\n", control.c_str());
  } else if (reading->what == state::refused) {
    std::printf("control file: %s is refused by the service: %s\n", control.c_str(), reading->refusal.c_str());
  } else if (reading->expired) {
    std::printf("control file: %s expired at %s: the environment's levels are back (--reset removes it)\n",
                control.c_str(), logs::format_time(logs::micros(std::chrono::duration_cast<std::chrono::microseconds>(
                                                       reading->levels.expires->time_since_epoch()).count())).c_str());
  } else if (reading->levels.expires) {
    std::printf("control file: %s is in force until %s\n", control.c_str(),
                logs::format_time(logs::micros(std::chrono::duration_cast<std::chrono::microseconds>(
                                      reading->levels.expires->time_since_epoch()).count())).c_str());
  } else {
    std::printf("control file: %s is in force, with no expiry\n", control.c_str());
  }
  return 0;
}

// What the command line asks for.
struct request {
  std::string app, env_prefix;
  fs::path root = ial::default_log_root();
  bool reset = false;
  ial::log_levels levels;
  bool changes() const {
    return levels.ours || levels.third_party || levels.third_party_loggers || levels.muted_loggers;
  }
};

// The arguments; throws std::invalid_argument on a usage error. False for --help (printed).
bool parse_arguments(int argc, char** argv, request& r) {
  std::string level_text, for_text;
  for (tools::arg_reader a(argc, argv); a.next();) {
    if (a.help(usage)) return false;
    if (a.is("--root")) {
      r.root = a.value();
    } else if (a.is("--env-prefix")) {
      r.env_prefix = a.value();
    } else if (a.is("--for")) {
      for_text = a.value();
    } else if (a.is("--third-party-level")) {
      const std::string option(a.current());
      r.levels.third_party = level_argument(option, a.value());
    } else if (a.is("--third-party")) {
      r.levels.third_party_loggers = a.value();
    } else if (a.is("--muted")) {
      r.levels.muted_loggers = a.value();
    } else if (a.is("--reset")) {
      r.reset = true;
    } else {
      a.positional(r.app, level_text);
    }
  }
  if (r.app.empty()) throw std::invalid_argument("which app? give its name first");
  if (!level_text.empty()) r.levels.ours = level_argument("LEVEL", level_text);
  if (!for_text.empty()) r.levels.expires = expiry_for(for_text);
  if (r.reset && (r.changes() || r.levels.expires))
    throw std::invalid_argument("--reset takes no level and no other option but --root");
  if (!r.changes() && r.levels.expires)
    throw std::invalid_argument("--for needs a level or another setting to apply for that long");
  return true;
}

// The app's folder under the root; a usage error names the apps there when it has none.
fs::path app_folder(const request& r, const ial::app_names& names) {
  if (names.file_stem.empty()) throw std::invalid_argument("app name \"" + r.app + "\" has no letter or digit");
  const fs::path folder = r.root / names.file_stem;
  std::error_code ec;
  if (fs::is_directory(folder, ec)) return folder;
  std::string apps;
  for (const auto& name : logs::list_apps(r.root)) apps += (apps.empty() ? "" : ", ") + name;
  throw std::invalid_argument("no folder " + folder.string() + ": has " + r.app +
                              " run here? Give its log root with --root (or $INSTRUKT_AI_LOG_ROOT). Apps found under " +
                              r.root.string() + ": " + (apps.empty() ? "none" : apps));
}

// Removes the control file. False when there is nothing to confirm (none, or it had expired).
bool remove_control_file(const fs::path& control, const std::string& env_prefix) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(control, ec))) {
    std::printf("no control file %s: nothing to reset\n", control.c_str());
    return false;
  }
  // An expired file set nothing any more: the service writes no line for its
  // removal. Read with the library's own checks (a regular file, no
  // symlink, at most 64 KiB): a FIFO or a link to /dev/zero is never read.
  ial::detail::control_file file(control, env_prefix);
  const auto reading = file.changed(logs::now_micros());
  const bool expired = reading && reading->what == ial::detail::control_reading::state::read && reading->expired;
  if (reading && reading->what == ial::detail::control_reading::state::refused)
    std::printf("%s was not read (%s); removing it\n", control.c_str(), reading->refusal.c_str());
  if (!fs::remove(control, ec) || ec) throw std::runtime_error("cannot remove " + control.string() + ": " + ec.message());
  if (expired) {
    std::printf("removed %s, which had expired: the environment's levels were already back\n", control.c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  request r;
  fs::path folder;
  ial::app_names names;
  try {
    if (!parse_arguments(argc, argv, r)) return 0;
    names = ial::names_for(r.app);
    folder = app_folder(r, names);
  } catch (const std::invalid_argument& e) {
    return usage_error(e.what());
  }
  const std::string env_prefix = r.env_prefix.empty() ? names.env_prefix : ial::names_for(r.env_prefix).env_prefix;
  const fs::path control = folder / (names.file_stem + ".levels");
  if (!r.changes() && !r.reset) return show(folder, control, env_prefix);

  live_lines watch(folder);  // from the files' ends now: only the answer to this change
  try {
    if (r.reset) {
      if (!remove_control_file(control, env_prefix)) return 0;
    } else {
      // Written whole and renamed over the old one: the service never reads half of it.
      tools::write_file_atomically(control, ial::detail::control_text(r.levels, env_prefix), 0640,
                                   owner_for(folder, folder / (names.file_stem + ".log")));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "instrukt-ai-log-level: %s\n", e.what());
    return 1;
  }
  return confirm(watch, control, r.reset);
}
