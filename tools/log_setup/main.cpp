// instrukt-ai-log-setup: installs log rotation for every app's logs.
//
//   instrukt-ai-log-setup [--root DIR] [--output FILE | --print] [--force]
//
// Writes a logrotate stanza for {root}/*/*.log (root as configure_logging
// finds it) to /etc/logrotate.d/instrukt-ai, or FILE, or stdout (--print).
// It refuses to replace an existing file without --force.
// Exit status: 0 written; 1 the file exists (use --force); 2 usage or I/O error.
#include "common/args.hpp"
#include "common/atomic_file.hpp"

#include <instrukt_ai/logging/configure.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <unistd.h>

namespace tools = instrukt_ai::tools;
namespace fs = std::filesystem;

namespace {

constexpr const char* usage =
    "usage: instrukt-ai-log-setup [--root DIR] [--output FILE | --print] [--force]\n"
    "  writes a logrotate stanza for DIR/*/*.log (default DIR: $INSTRUKT_AI_LOG_ROOT, else /var/log/instrukt-ai)\n"
    "  to /etc/logrotate.d/instrukt-ai, or FILE, or stdout with --print\n";

// The stanza that loses no line (docs/reliability.md): the writer notices a
// rename and reopens the path; delaycompress leaves .1 uncompressed until the
// next rotation, long after the writer has moved on. No copytruncate: lines
// written between its copy and its truncation are lost.
std::string stanza(const fs::path& root) {
  std::string quoted;  // logrotate reads a double-quoted pattern; '"' and '\' are escaped
  for (char c : (root / "*" / "*.log").string()) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return "# Written by instrukt-ai-log-setup: rotation of the InstruktAI logs under " + root.string() +
         ".\n"
         "# No copytruncate: the writer sees the rename and reopens the path, so no line is lost.\n"
         "\"" + quoted + "\" {\n"
         "  size 50M\n"
         "  rotate 30\n"
         "  compress\n"
         "  delaycompress\n"
         "  missingok\n"
         "  notifempty\n"
         "}\n";
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root = instrukt_ai::logging::default_log_root();
  fs::path output = "/etc/logrotate.d/instrukt-ai";
  bool print = false, force = false;
  try {
    for (tools::arg_reader a(argc, argv); a.next();) {
      if (a.help(usage)) return 0;
      if (a.is("--root")) {
        root = a.value();
      } else if (a.is("--output")) {
        output = a.value();
      } else if (a.is("--print")) {
        print = true;
      } else if (a.is("--force")) {
        force = true;
      } else if (a.current().starts_with("-")) {
        a.unknown();
      } else {
        a.unexpected();
      }
    }
  } catch (const tools::usage_error& e) {
    return tools::usage_exit("instrukt-ai-log-setup", e.what(), usage);
  }
  std::error_code ec;
  root = fs::absolute(root, ec);  // logrotate needs an absolute pattern
  if (ec) {
    std::fprintf(stderr, "instrukt-ai-log-setup: --root %s: %s\n", root.c_str(), ec.message().c_str());
    return 2;
  }
  const std::string text = stanza(root.lexically_normal());
  if (print) return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() ? 0 : 2;
  if (!force && fs::exists(output, ec)) {
    std::fprintf(stderr,
                 "instrukt-ai-log-setup: %s exists; not replaced. Check it, then run again with --force to replace "
                 "it (or --print to see the new stanza).\n",
                 output.c_str());
    return 1;
  }
  try {
    // Never half a file: logrotate may read the folder at any time.
    tools::write_file_atomically(output, text, 0644);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "instrukt-ai-log-setup: %s\n", e.what());
    return 2;
  }
  std::printf("wrote %s: rotation of %s/*/*.log (size 50M, 30 kept, compressed from the second)\n", output.c_str(),
              root.lexically_normal().c_str());
  return 0;
}
