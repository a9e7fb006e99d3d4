// instrukt-ai-log-level end to end, against a running child service.
#include "support/command.hpp"
#include "support/log_file.hpp"

#include <catch2/catch.hpp>

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

using test_support::fields;
using test_support::run_command;
using namespace std::chrono_literals;

namespace {

// A child service logging a DEBUG tick every 10 ms for at most 30 s; stopped
// and reaped when the test ends, whatever happens.
struct running_child {
  pid_t pid = -1;
  // `as`: the user it runs as (root starts it, then it drops to that user).
  explicit running_child(const std::filesystem::path& root, const passwd* as = nullptr) {
    pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      if (as && (::setgid(as->pw_gid) != 0 || ::setuid(as->pw_uid) != 0)) ::_exit(126);
      ::execl(IAL_TEST_CHILD, IAL_TEST_CHILD, "ticks", root.c_str(), "3000", static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  void stop() {
    if (pid <= 0) return;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    pid = -1;
  }
  ~running_child() { stop(); }
};

std::string tool(const std::string& args) { return std::string(IAL_LOG_LEVEL_TOOL) + " " + args; }

// Waits (at most 3 s) until the file has a line with msg=`msg`.
bool wait_for_msg(const std::filesystem::path& log, const std::string& msg) {
  const auto until = std::chrono::steady_clock::now() + 3s;
  while (std::chrono::steady_clock::now() < until) {
    for (const auto& l : test_support::read_lines(log))
      if (fields(l)["msg"] == msg) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

// Waits (at most 5 s) for the child's log, then for a writer pass.
void wait_for_service(const std::filesystem::path& log) {
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (!std::filesystem::exists(log) && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(300ms);
  REQUIRE(std::filesystem::exists(log));
}

}  // namespace

TEST_CASE("instrukt-ai-log-level run as root for a service running as nobody writes a file the service can read",
          "[log_level_tool]") {
  const passwd* nobody = ::getpwnam("nobody");
  REQUIRE(nobody != nullptr);
  REQUIRE(::geteuid() == 0);  // the documented use: the operator as root
  const auto root = test_support::fresh_root("tool-nobody");
  // nobody walks to it: the test's own folders, below the temporary folder (never that one itself).
  const auto tmp = std::filesystem::temp_directory_path();
  for (auto p = root; p != tmp && p != p.root_path(); p = p.parent_path()) ::chmod(p.c_str(), 0755);
  REQUIRE(::chown(root.c_str(), nobody->pw_uid, nobody->pw_gid) == 0);
  running_child child(root, nobody);
  const auto log = root / "child" / "child.log";
  wait_for_service(log);
  const auto r = run_command(tool("child DEBUG --root " + root.string()));
  INFO(r.out << r.err);
  CHECK(r.status == 0);  // before: the file was root:root 0640, the service could not open it and refused it
  CHECK(fields(r.out.substr(0, r.out.find('\n')))["msg"] == "log_levels_changed");
  struct stat st {};
  REQUIRE(::stat((root / "child" / "child.levels").c_str(), &st) == 0);
  CHECK(st.st_uid == nobody->pw_uid);
  CHECK((st.st_mode & 0777) == 0640);
}

TEST_CASE("instrukt-ai-log-level --reset never reads a FIFO or a symlink to /dev/zero, and --for past 2262 is an error",
          "[log_level_tool]") {
  const auto root = test_support::fresh_root("tool-reset-checks");
  std::filesystem::create_directories(root / "app");
  const auto control = root / "app" / "app.levels";
  REQUIRE(::mkfifo(control.c_str(), 0640) == 0);
  auto r = run_command("timeout 10 " + tool("app --reset --root " + root.string()));
  CHECK(r.status != 124);  // before: it hung on the FIFO
  CHECK_THAT(r.out, Catch::Contains("was not read (it is not a regular file); removing it"));
  CHECK_FALSE(std::filesystem::exists(std::filesystem::symlink_status(control)));
  std::filesystem::create_symlink("/dev/zero", control);
  r = run_command("timeout 10 " + tool("app --reset --root " + root.string()));
  CHECK(r.status != 124);  // before: it read /dev/zero until bad_alloc
  CHECK_THAT(r.out, Catch::Contains("was not read (it is a symbolic link"));
  CHECK_FALSE(std::filesystem::exists(std::filesystem::symlink_status(control)));
  CHECK(std::filesystem::exists("/dev/zero"));
  r = run_command(tool("app DEBUG --for 106000d --root " + root.string()));
  CHECK(r.status == 2);  // before: expires=1732-...
  CHECK_THAT(r.err, Catch::Contains("ends past 2262-04-11, the latest time the clock holds"));
  CHECK_FALSE(std::filesystem::exists(control));
}

TEST_CASE("the service's first line records its levels and where each came from, and instrukt-ai-log-level shows "
          "them and the control file's state",
          "[log_level_tool]") {
  const auto root = test_support::fresh_root("tool-show");
  ::setenv("CHILD_THIRD_PARTY_LOG_LEVEL", "ERROR", 1);
  running_child child(root);
  ::unsetenv("CHILD_THIRD_PARTY_LOG_LEVEL");
  const auto log = root / "child" / "child.log";
  const auto control = root / "child" / "child.levels";
  wait_for_service(log);
  const auto first = fields(test_support::read_lines(log).at(0));
  CHECK(first.at("msg") == "logging_configured");
  CHECK(first.at("level") == "INFO");
  CHECK(first.at("log_level") == "INFO");
  CHECK(first.at("log_level_from") == "default");
  CHECK(first.at("third_party_log_level") == "ERROR");
  CHECK(first.at("third_party_log_level_from") == "env");
  CHECK(first.at("pid") == std::to_string(child.pid));
  CHECK(first.at("root") == root.string());
  CHECK(first.at("source") == "child");
  CHECK_FALSE(first.at("version").empty());

  // Nothing changed: before, only "the environment's levels are in force".
  auto r = run_command(tool("child --root " + root.string()));
  CHECK(r.status == 0);
  CHECK(fields(r.out.substr(0, r.out.find('\n')))["msg"] == "logging_configured");
  CHECK_THAT(r.out, Catch::Contains("since the service started, pid " + std::to_string(child.pid)));
  CHECK_THAT(r.out, Catch::Contains("control file: none"));
  // An expired control file, then a refused one, each said for what it is.
  {
    std::ofstream out(control, std::ios::trunc);
    out << "CHILD_LOG_LEVEL=DEBUG\nexpires=2020-01-01T00:00:00Z\n";
  }
  ::chmod(control.c_str(), 0640);
  r = run_command(tool("child --root " + root.string()));
  CHECK_THAT(r.out, Catch::Contains("control file: " + control.string() + " expired at 2020-01-01T00:00:00.000000Z"));
  ::chmod(control.c_str(), 0666);
  r = run_command(tool("child --root " + root.string()));
  CHECK_THAT(r.out, Catch::Contains("control file: " + control.string() + " is refused by the service: it is group- "
                                    "or world-writable"));
}

TEST_CASE("instrukt-ai-log-level turns on DEBUG in a running service, shows it, resets it", "[log_level_tool]") {
  const auto root = test_support::fresh_root("tool");
  running_child child(root);
  const auto log = root / "child" / "child.log";
  const auto control = root / "child" / "child.levels";
  // The service is up once its folder exists and its writer ran a pass.
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (!std::filesystem::exists(log) && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(300ms);
  REQUIRE(std::filesystem::exists(log));
  for (const auto& l : test_support::read_lines(log)) CHECK(fields(l)["msg"] != "tick");  // INFO by default

  auto r = run_command(tool("child DEBUG --for 15m --third-party httpx --root " + root.string()));
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto f = fields(r.out.substr(0, r.out.find('\n')));
  CHECK(f["msg"] == "log_levels_changed");
  CHECK(f["source"] == "file");
  CHECK(f["log_level"] == "DEBUG");
  CHECK(f["third_party_loggers"] == "httpx");
  CHECK(f["expires"].size() == 27);
  struct stat st;
  REQUIRE(::stat(control.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
  CHECK(test_support::read_all(control).find("CHILD_LOG_LEVEL=DEBUG\n") != std::string::npos);
  CHECK(wait_for_msg(log, "tick"));

  r = run_command(tool("child --root " + root.string()));
  CHECK(r.status == 0);
  CHECK(fields(r.out.substr(0, r.out.find('\n')))["log_level"] == "DEBUG");
  CHECK_THAT(r.out, Catch::Contains("control file: " + control.string() + " is in force until "));

  r = run_command(tool("child --reset --root " + root.string()));
  CHECK(r.status == 0);
  f = fields(r.out.substr(0, r.out.find('\n')));
  CHECK(f["source"] == "reset");
  CHECK(f["log_level"] == "INFO");
  CHECK_FALSE(std::filesystem::exists(control));

  r = run_command(tool("child --root " + root.string()));
  CHECK(fields(r.out.substr(0, r.out.find('\n')))["source"] == "reset");

  // The service is gone: the change stays in place, unconfirmed, and both say so.
  child.stop();
  const auto t0 = std::chrono::steady_clock::now();
  r = run_command(tool("child TRACE --root " + root.string()));
  CHECK(r.status == 3);
  CHECK(std::chrono::steady_clock::now() - t0 >= 1900ms);
  CHECK_THAT(r.err, Catch::Contains("wrote " + control.string() + ", but no log_levels_changed line") &&
                        Catch::Contains("the service is not running") &&
                        Catch::Contains("The file stays: it applies when the service starts"));
  CHECK(std::filesystem::exists(control));
  // --reset with the service down: removed, and said so (before: "is in place and applies when it starts").
  r = run_command(tool("child --reset --root " + root.string()));
  CHECK(r.status == 3);
  CHECK_THAT(r.err, Catch::Contains("removed " + control.string() + ", but no log_levels_changed line") &&
                        Catch::Contains("When it starts, it uses the environment's levels"));
  CHECK(r.err.find("in place") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(control));

  // An expired file is removed without waiting for a line no service writes.
  {
    std::ofstream out(control, std::ios::trunc);
    out << "CHILD_LOG_LEVEL=DEBUG\nexpires=2020-01-01T00:00:00Z\n";
  }
  r = run_command(tool("child --reset --root " + root.string()));
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("which had expired"));
  CHECK_FALSE(std::filesystem::exists(control));
}

TEST_CASE("instrukt-ai-log-level reports a control file the service refuses", "[log_level_tool]") {
  const auto root = test_support::fresh_root("tool");
  running_child child(root);
  const auto log = root / "child" / "child.log";
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (!std::filesystem::exists(log) && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
  REQUIRE(std::filesystem::exists(log));
  // Written by another user: the service (this test's user, root) refuses it.
  if (::geteuid() != 0) {
    WARN("not root: cannot run the tool as another user");
    return;
  }
  std::filesystem::permissions(root / "child", std::filesystem::perms::all);
  // A copy of the tool where that user can run it (the build folder may be closed to it).
  const auto copy = root / "instrukt-ai-log-level";
  std::filesystem::copy_file(IAL_LOG_LEVEL_TOOL, copy);
  std::filesystem::permissions(copy, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                         std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                         std::filesystem::perms::others_exec);
  const auto r = run_command("setpriv --reuid=65534 --regid=65534 --clear-groups " + copy.string() +
                             " child DEBUG --root " + root.string());
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("msg=log_levels_file_refused"));
  CHECK_THAT(r.err, Catch::Contains("the service refused") && Catch::Contains("owned by uid 65534"));
}

TEST_CASE("instrukt-ai-log-level rejects bad arguments with exit 2, naming them", "[log_level_tool]") {
  const auto root = test_support::fresh_root("tool");
  std::filesystem::create_directories(root / "app");
  struct bad {
    std::string args, says;
  };
  for (const auto& [args, says] : std::vector<bad>{
           {"", "which app?"},
           {"app LOUD --root " + root.string(), "\"LOUD\" is not a level"},
           {"app DEBUG --for soon --root " + root.string(), "--for \"soon\" is not a duration"},
           {"app DEBUG --for 15x --root " + root.string(), "is not a duration"},
           {"app --reset DEBUG --root " + root.string(), "--reset takes no level"},
           {"app --for 5m --root " + root.string(), "--for needs a level"},
           {"app DEBUG --bogus --root " + root.string(), "unknown option --bogus"},
           {"nothere DEBUG --root " + root.string(), "no folder " + (root / "nothere").string()},
           {"paygw DEBUG --root " + root.string(), "Apps found under " + root.string() + ": app"},
       }) {
    INFO(args);
    const auto r = run_command(tool(args));
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains(says));
  }
  CHECK_FALSE(std::filesystem::exists(root / "app" / "app.levels"));
}
