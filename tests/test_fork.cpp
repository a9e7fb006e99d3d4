// fork(): the parent is unaffected; the child may configure again (or not)
// and never hangs at exit.
#include "support/log_file.hpp"
#include "support/numbered.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace ial = instrukt_ai::logging;
using namespace std::chrono_literals;
using test_support::Numbered;

namespace {

// The child's exit status, or -1 if it had not ended after 10 s (then it is killed).
int wait_child(pid_t pid) {
  for (int waited = 0; waited < 10000; waited += 5) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    std::this_thread::sleep_for(5ms);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

struct Alarm {
  static constexpr ial::event_info event{"child_alarm", ial::level::warning};
  int code;
};

}  // namespace

TEST_CASE("after fork the child configures again and logs to the file, and the parent carries on", "[fork]") {
  const auto path = test_support::configure("forky");
  auto log = ial::get_logger("forky");
  log.log(Numbered{0, 1, "parent before fork"});
  ial::flush();  // the writer's first pass (and what it allocates) is over: see the ASan note below
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);                         // the child's stderr lines are not the test's
    log.log(Numbered{1, 2, "child, not configured: stderr, not the file"});  // INFO: below WARNING, dropped
    ial::options opts;
    opts.log_root = path.parent_path().parent_path().string();
    opts.startup_line = false;
    const auto again = ial::configure_logging("forky", opts);
    log.log(Numbered{1, 3, "child after configure"});
    std::exit(again == path ? 0 : 3);           // atexit: the child's own writer drains and stops
  }
  CHECK(wait_child(pid) == 0);
  log.log(Numbered{0, 4, "parent after fork"});
  ial::flush();
  std::vector<std::string> seqs;
  for (const auto& l : test_support::read_lines(path)) seqs.push_back(test_support::fields(l)["seq"]);
  std::sort(seqs.begin(), seqs.end());
  CHECK(seqs == std::vector<std::string>{"1", "3", "4"});
}

TEST_CASE("after fork, a child that does not configure exits without hanging, its events on stderr", "[fork]") {
  const auto path = test_support::configure("forky");
  auto log = ial::get_logger("forky");
  const auto err = path.parent_path() / "child-stderr.txt";
  ial::flush();  // the writer's first pass (and what it allocates) is over: see the ASan note below
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 2);
    log.log(Alarm{7});
    ial::flush();  // no writer here: returns at once
    std::exit(0);
  }
  CHECK(wait_child(pid) == 0);
  CHECK(test_support::read_all(err).find("msg=child_alarm code=7") != std::string::npos);
  ial::flush();
  CHECK(test_support::read_all(path).find("child_alarm") == std::string::npos);
}

TEST_CASE("fork while other threads log hard: no child deadlocks, the parent loses nothing", "[fork]") {
  ial::options opts;
  opts.ring_bytes = 64 << 10;  // small rings: the writer and the callers are busy at the fork
  const auto path = test_support::configure("forky", opts);
  std::atomic<bool> stop{false};
  std::vector<std::thread> busy;
  std::atomic<std::uint64_t> sent[2] = {0, 0};
  for (std::uint32_t t = 0; t < 2; ++t)
    busy.emplace_back([&, t] {
      auto log = ial::get_logger("forky.busy");
      for (std::uint64_t i = 0; !stop; ++i) {
        log.log(Numbered{t, i, "busy"});
        sent[t] = i + 1;
      }
    });
  // Both threads log before the first fork, and the writer has taken their
  // rings: what they allocate starting up is done. glibc's malloc is
  // fork-safe, GCC 12's ASan allocator is not: a child forked while another
  // thread held its lock would hang in ASan, not in the library.
  while (sent[0] == 0 || sent[1] == 0) std::this_thread::sleep_for(1ms);
  ial::flush();
  int hung = 0, failed = 0;
  for (int k = 0; k < 20; ++k) {
    std::this_thread::sleep_for(2ms);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      const int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, 2);
      ial::options child;
      child.log_root = path.parent_path().parent_path().string() + "-child";
      child.startup_line = false;
      ial::configure_logging("forky", child);
      ial::get_logger("forky.child").log(Numbered{9, static_cast<std::uint64_t>(k), "child"});
      // shutdown() is what exit() would run; _Exit skips LeakSanitizer's exit check, which in a child
      // of a multi-threaded parent reports the parent's other threads' TLS bookkeeping as leaks.
      ial::shutdown();
      std::_Exit(0);
    }
    const int status = wait_child(pid);
    hung += status == -1;
    failed += status != 0;
  }
  stop = true;
  for (auto& t : busy) t.join();
  ial::flush();
  CHECK(hung == 0);
  CHECK(failed == 0);
  std::uint64_t lines = 0;
  for (const auto& l : test_support::read_lines(path)) lines += test_support::fields(l)["msg"] == "numbered";
  CHECK(lines == sent[0] + sent[1]);
}

namespace {
struct Request {
  static constexpr ial::context_info context{"request"};
  ial::id<std::string_view> request_id;
};
}  // namespace

TEST_CASE("after fork the forking thread's open scopes are on the child's lines once it configures again", "[fork][context]") {
  const auto path = test_support::configure("forky");
  auto log = ial::get_logger("forky");
  ial::scoped_context scope{Request{{"r-fork"}}};
  log.log(Numbered{0, 1, "parent in scope"});
  ial::flush();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);
    ial::options opts;
    opts.log_root = path.parent_path().parent_path().string() + "-child";
    opts.startup_line = false;
    const auto child_path = ial::configure_logging("forky", opts);
    log.log(Numbered{1, 2, "child in the inherited scope"});
    ial::flush();
    const auto lines = test_support::read_lines(child_path);
    std::exit(lines.size() == 1 && test_support::fields(lines[0])["request_id"] == "r-fork" ? 0 : 3);
  }
  CHECK(wait_child(pid) == 0);
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(test_support::fields(lines[0])["request_id"] == "r-fork");
}
