// Runs a command line in a shell and captures what it says (the tool tests).
#pragma once

#include "log_file.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace test_support {

struct command_result {
  int status;  // the exit status, or -1 when the command did not exit normally
  std::string out;
  std::string err;
};

// `command` is a shell fragment; its stdout and stderr are captured.
inline command_result run_command(const std::string& command) {
  const auto err_path = process_root() / "command.stderr";
  std::filesystem::create_directories(err_path.parent_path());
  FILE* p = ::popen((command + " 2>" + err_path.string()).c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, read_all(err_path)};
}

}  // namespace test_support
