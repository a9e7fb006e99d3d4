// Programs a test starts and stops itself on loopback: a free port, whether
// something listens on it, and a child process never left running.
#pragma once

#include "support/wait.hpp"

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace test_support {

// A free loopback port: bound to 0, read back, closed.
inline int free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(s >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  REQUIRE(::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  ::close(s);
  return ntohs(a.sin_port);
}

inline bool listening(int port) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(s);
  return ok;
}

// A program run in the foreground, its stdout and stderr appended to `out`;
// stopped (and waited for) by stop(), killed by the destructor otherwise.
struct child_process {
  pid_t pid = -1;
  void run(const std::vector<std::string>& args, const std::filesystem::path& out) {
    pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      (void)!std::freopen(out.c_str(), "a", stdout);
      (void)!std::freopen(out.c_str(), "a", stderr);
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  // SIGTERM (or `sig`), then SIGKILL after 15 s: never left running. The exit status, or -1.
  int stop(int sig = SIGTERM) {
    using namespace std::chrono_literals;
    if (pid <= 0) return -1;
    ::kill(pid, sig);
    int status = 0;
    const bool ended = wait_for(15s, [&] { return ::waitpid(pid, &status, WNOHANG) == pid; });
    if (!ended) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
    }
    pid = -1;
    CHECK(ended);
    return ended && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  child_process() = default;
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;
  ~child_process() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

}  // namespace test_support
