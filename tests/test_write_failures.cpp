// Write failures: a full disk costs lines, never the service.
#include "support/log_file.hpp"
#include "support/numbered.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <sys/resource.h>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <thread>
#include <unistd.h>

namespace ial = instrukt_ai::logging;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Sends this process's stderr to a file until destroyed.
struct stderr_capture {
  explicit stderr_capture(const fs::path& to) : saved(::dup(2)) {
    std::fflush(stderr);
    const int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 2);
    ::close(fd);
  }
  ~stderr_capture() {
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
  }
  int saved;
};

}  // namespace

TEST_CASE("a full disk: lost lines counted, the failure on stderr, log_write_failed lost=N when writing works again",
          "[write-failures]") {
  const auto root = test_support::fresh_root("full");
  fs::create_directories(root / "full");
  const auto path = root / "full" / "full.log";
  fs::create_symlink("/dev/full", path);  // every write fails with ENOSPC
  ial::options opts;
  opts.log_root = root.string();
  REQUIRE(ial::configure_logging("full", opts) == path);
  auto log = ial::get_logger("full");

  const auto err = root / "stderr.txt";
  {
    stderr_capture capture(err);
    for (std::uint64_t i = 0; i < 50; ++i) log.log(test_support::Numbered{0, i, "lost"});
    ial::flush();  // returns: the callers are never held by the failing disk
    for (std::uint64_t i = 50; i < 80; ++i) log.log(test_support::Numbered{0, i, "lost too"});
    ial::flush();
  }
  const auto said = test_support::read_all(err);
  CHECK(said.find("cannot write log file '" + path.string() + "': No space left on device (errno 28)") !=
        std::string::npos);
  CHECK(said.find("cannot write") == said.rfind("cannot write"));  // once per run of failures

  fs::remove(path);         // the disk "has room again": a regular file at the path
  ial::reopen_log_file();
  for (int i = 0; i < 500 && !fs::exists(path); ++i) std::this_thread::sleep_for(1ms);
  log.log(test_support::Numbered{0, 80, "written"});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 2);
  CHECK(test_support::fields(lines[0])["seq"] == "80");
  CHECK(test_support::body(lines[1]) == "level=WARNING logger=instrukt_ai.logging msg=log_write_failed lost=80");
}

TEST_CASE("a write cut mid-line: the cut line is ended, never merged into the next, and counted as lost",
          "[write-failures]") {
  const auto path = test_support::configure("cut");
  auto log = ial::get_logger("cut");
  std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead of killing the process
  rlimit old{};
  ::getrlimit(RLIMIT_FSIZE, &old);
  rlimit small = old;
  small.rlim_cur = 1000;  // the file may grow to 1000 bytes: the write that crosses it is cut
  const auto err = path.parent_path() / "stderr.txt";
  {
    stderr_capture capture(err);
    ::setrlimit(RLIMIT_FSIZE, &small);
    for (std::uint64_t i = 0; i < 100; ++i) log.log(test_support::Numbered{0, i, "filling"});
    ial::flush();
    ::setrlimit(RLIMIT_FSIZE, &old);
  }
  REQUIRE(fs::file_size(path) == 1000);
  log.log(test_support::Numbered{0, 100, "after"});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() >= 3);
  std::size_t complete = 0;
  for (std::size_t i = 0; i + 3 < lines.size(); ++i) complete += test_support::fields(lines[i])["seq"] == std::to_string(i);
  const std::string cut = lines[lines.size() - 3];
  CHECK(complete == lines.size() - 3);                      // whole lines before the cut one
  INFO("cut line: " << cut);
  CHECK(test_support::fields(cut)["note"] != "filling");     // the cut line stands alone ...
  CHECK(test_support::fields(lines[lines.size() - 2])["seq"] == "100");  // ... and the next line is whole
  CHECK(test_support::body(lines.back()) ==
        "level=WARNING logger=instrukt_ai.logging msg=log_write_failed lost=" + std::to_string(100 - complete));
  CHECK(test_support::read_all(err).find("File too large") != std::string::npos);
}
