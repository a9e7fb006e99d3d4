// instrukt-ai-log-setup: the stanza it writes, its refusal to overwrite, and
// the real logrotate rotating with that stanza while a service logs: every
// event is kept exactly once, in order, across the live file, .1 and the .gz,
// and instrukt-ai-logs reads them back as one log.
#include "support/command.hpp"
#include "support/log_file.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

using test_support::run_command;
constexpr auto run = run_command;

const std::string tool = IAL_LOG_SETUP_TOOL;

}  // namespace

TEST_CASE("log-setup --print: the stanza that loses nothing, for {root}/*/*.log", "[log-setup]") {
  const auto r = run(tool + " --root '/srv/my logs/../logs \"x\"' --print");
  CHECK(r.status == 0);
  CHECK(r.out.find("\n\"/srv/logs \\\"x\\\"/*/*.log\" {\n  size 50M\n  rotate 30\n  compress\n  delaycompress\n"
                   "  missingok\n  notifempty\n}\n") != std::string::npos);
  CHECK(r.out.find("copytruncate\n") == std::string::npos);
  ::setenv("INSTRUKT_AI_LOG_ROOT", "/data/ial", 1);
  CHECK(run(tool + " --print").out.find("\n\"/data/ial/*/*.log\" {") != std::string::npos);  // the library's root rule
  ::unsetenv("INSTRUKT_AI_LOG_ROOT");
  CHECK(run(tool + " --print").out.find("\n\"/var/log/instrukt-ai/*/*.log\" {") != std::string::npos);
}

TEST_CASE("log-setup --output: refuses to replace a file without --force, and bad arguments are exit 2", "[log-setup]") {
  const auto dir = test_support::fresh_root("setup-output");
  const auto file = dir / "instrukt-ai";
  auto r = run(tool + " --root /a --output " + file.string());
  CHECK(r.status == 0);
  CHECK(test_support::read_all(file).find("\"/a/*/*.log\" {") != std::string::npos);
  CHECK((fs::status(file).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write |
                                                             fs::perms::group_read | fs::perms::others_read));
  r = run(tool + " --root /b --output " + file.string());
  CHECK(r.status == 1);
  CHECK(r.err.find(file.string() + " exists; not replaced") != std::string::npos);
  CHECK(r.err.find("--force") != std::string::npos);
  CHECK(test_support::read_all(file).find("\"/a/*/*.log\"") != std::string::npos);  // untouched
  r = run(tool + " --root /b --output " + file.string() + " --force");
  CHECK(r.status == 0);
  CHECK(test_support::read_all(file).find("\"/b/*/*.log\" {") != std::string::npos);
  r = run(tool + " --root");
  CHECK(r.status == 2);
  CHECK(r.err.find("--root needs a value") != std::string::npos);
  r = run(tool + " --output /nonexistent-folder/x");
  CHECK(r.status == 2);
  CHECK(r.err.find("cannot write /nonexistent-folder/x") != std::string::npos);
}

#ifdef IAL_LOGROTATE
TEST_CASE("the real logrotate with log-setup's stanza, 4 rotations while 4 threads log: every event once, in order",
          "[log-setup]") {
  const auto root = test_support::fresh_root("setup-rotate");
  const auto conf = root / "logrotate.conf";
  REQUIRE(run(tool + " --root " + (root / "logs").string() + " --output " + conf.string()).status == 0);
  constexpr std::uint64_t per_thread = 20000;
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::execl(IAL_TEST_CHILD, IAL_TEST_CHILD, "threads", (root / "logs").c_str(), std::to_string(per_thread).c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto log = root / "logs" / "child" / "child.log";
  for (int i = 0; i < 500 && !fs::exists(log); ++i) std::this_thread::sleep_for(1ms);
  int rotations = 0;
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(150ms);
    const auto r = run(std::string(IAL_LOGROTATE) + " -f -s " + (root / "state").string() + " " + conf.string());
    INFO(r.err);
    CHECK(r.status == 0);
    rotations += r.status == 0;
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);  // the child ends by itself (bounded by ctest's timeout)
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  // Oldest first: child.log.N.gz ... child.log.2.gz, child.log.1, child.log.
  std::vector<fs::path> files;
  for (int n = 30; n >= 1; --n) {
    const auto base = log.string() + "." + std::to_string(n);
    if (fs::exists(base + ".gz")) files.emplace_back(base + ".gz");
    if (fs::exists(base)) files.emplace_back(base);
  }
  files.push_back(log);
  CHECK(rotations == 4);
  CHECK(files.size() == 5);  // live, .1, and three compressed
  std::map<std::string, std::uint64_t> next;  // per thread: the seq expected next
  std::uint64_t lines = 0;
  bool in_order = true;
  for (const auto& f : files) {
    const std::string text = f.extension() == ".gz" ? run("gzip -dc " + f.string()).out : test_support::read_all(f);
    std::size_t at = 0;
    for (std::size_t nl; (nl = text.find('\n', at)) != std::string::npos; at = nl + 1) {
      auto fields = test_support::fields(text.substr(at, nl - at));
      if (fields["msg"] != "numbered") continue;
      ++lines;
      const auto seq = std::stoull(fields["seq"]);
      in_order = in_order && seq == next[fields["thread"]];
      next[fields["thread"]] = seq + 1;
    }
  }
  CHECK(in_order);  // each thread's events once each, in order, across the five files
  CHECK(lines == 4 * per_thread);
  for (const char* t : {"0", "1", "2", "3"}) CHECK(next[t] == per_thread);

  // instrukt-ai-logs reads the same five files (live, .1, the .gz archives) as one log.
  const auto r = run(std::string(IAL_LOGS_TOOL) + " child --root " + (root / "logs").string() +
                     " --since 1h --where msg=numbered");
  CHECK(r.status == 0);
  std::map<std::string, std::uint64_t> read_next;
  std::uint64_t read_lines = 0;
  bool read_in_order = true;
  std::size_t at = 0;
  for (std::size_t nl; (nl = r.out.find('\n', at)) != std::string::npos; at = nl + 1) {
    auto fields = test_support::fields(r.out.substr(at, nl - at));
    ++read_lines;
    const auto seq = std::stoull(fields["seq"]);
    read_in_order = read_in_order && seq == read_next[fields["thread"]];
    read_next[fields["thread"]] = seq + 1;
  }
  CHECK(read_in_order);
  CHECK(read_lines == 4 * per_thread);
  for (const char* t : {"0", "1", "2", "3"}) CHECK(read_next[t] == per_thread);
}
#endif
