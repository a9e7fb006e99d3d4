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
#include <fstream>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <vector>

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
  opts.startup_line = false;
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

namespace {

// Limits the file size (RLIMIT_FSIZE) while alive: the write that crosses it is cut there.
struct size_limit {
  explicit size_limit(rlim_t bytes) {
    std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead of killing the process
    ::getrlimit(RLIMIT_FSIZE, &old);
    rlimit small = old;
    small.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &small);
  }
  ~size_limit() { ::setrlimit(RLIMIT_FSIZE, &old); }
  rlimit old{};
};

// Three events whose lines have one length (seq has 7 digits), in one write.
void log_three(ial::logger& log, std::uint64_t first) {
  for (std::uint64_t i = first; i < first + 3; ++i) log.log(test_support::Numbered{0, 1000000 + i, "cut"});
  ial::flush();
}

}  // namespace

TEST_CASE("a write cut at every offset of a line: the file keeps whole lines only, lost=N counts exactly the rest",
          "[write-failures]") {
  const auto path = test_support::configure("cut");
  auto log = ial::get_logger("cut");
  log_three(log, 0);
  const auto first = test_support::read_lines(path);
  REQUIRE(first.size() == 3);
  const std::size_t line = first[0].size() + 1;  // with its newline
  stderr_capture capture(path.parent_path() / "stderr.txt");
  std::uint64_t seq = 3;
  for (std::size_t cut = 0; cut <= line; ++cut, seq += 4) {
    const auto before = fs::file_size(path);
    {
      size_limit limit(before + cut);
      log_three(log, seq);  // the first line is cut at `cut` (cut == line: the second at 0)
    }
    log.log(test_support::Numbered{0, 1000000 + seq + 3, "after"});
    ial::flush();
    INFO("cut at byte " << cut << " of a " << line << "-byte line");
    REQUIRE(fs::file_size(path) > before);
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(before));
    std::vector<std::string> added;
    for (std::string l; std::getline(in, l);) added.push_back(l);
    const bool first_whole = cut == line;
    REQUIRE(added.size() == (first_whole ? 3u : 2u));
    if (first_whole) CHECK(test_support::fields(added[0])["seq"] == std::to_string(1000000 + seq));
    CHECK(test_support::fields(added[added.size() - 2])["seq"] == std::to_string(1000000 + seq + 3));
    CHECK(test_support::body(added.back()) == "level=WARNING logger=instrukt_ai.logging msg=log_write_failed lost=" +
                                                  std::string(first_whole ? "2" : "3"));
    for (const auto& l : added) CHECK_FALSE(ial::logfmt::parse_line(l).error);
  }
}

namespace {
// Makes a file append-only (FS_APPEND_FL) while alive: it cannot be truncated.
struct append_only {
  explicit append_only(const fs::path& path) : fd(::open(path.c_str(), O_RDONLY)) {
    int flags = 0;
    ok = fd >= 0 && ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 &&
         (flags |= FS_APPEND_FL, ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0);
  }
  ~append_only() {
    int flags = 0;
    if (ok && ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
      flags &= ~FS_APPEND_FL;
      ::ioctl(fd, FS_IOC_SETFLAGS, &flags);
    }
    if (fd >= 0) ::close(fd);
  }
  int fd;
  bool ok = false;
};
}  // namespace

TEST_CASE("a cut line that cannot be taken back ends with a cut marker: readers reject it, never read a wrong value",
          "[write-failures]") {
  const auto path = test_support::configure("cut");
  auto log = ial::get_logger("cut");
  log_three(log, 0);
  const auto before = fs::file_size(path);
  const std::size_t line = test_support::read_lines(path)[0].size() + 1;
  stderr_capture capture(path.parent_path() / "stderr.txt");
  {
    append_only locked(path);  // needs root and a file system with the flag (ext4, xfs, btrfs)
    REQUIRE(locked.ok);
    {
      size_limit limit(before + line - 3);  // cuts "ut\n" off the first line: "note=c" would read as a value
      log_three(log, 3);
    }
    log.log(test_support::Numbered{0, 1000006, "after"});
    ial::flush();
  }
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 6);
  const std::string& cut = lines[3];
  INFO(cut);
  CHECK(cut.ends_with(" seq=1000003 note=c \"<cut>\""));  // the cut line says so
  const auto parsed = ial::logfmt::parse_line(cut);
  REQUIRE(parsed.error);
  CHECK(parsed.error->message == "the line was cut by a failed write (it ends with \"<cut>\")");
  CHECK(parsed.pairs.empty());
  CHECK(test_support::fields(lines[4])["seq"] == "1000006");
  CHECK(test_support::body(lines[5]) == "level=WARNING logger=instrukt_ai.logging msg=log_write_failed lost=3");
}
