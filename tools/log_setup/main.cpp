// instrukt-ai-log-setup: installs log rotation for every app's logs.
//
//   instrukt-ai-log-setup [--root DIR] [--output FILE | --print] [--force]
//
// Writes a logrotate stanza for {root}/*/*.log (root as configure_logging
// finds it) to /etc/logrotate.d/instrukt-ai, or FILE, or stdout (--print).
// It refuses to replace an existing file without --force.
// Exit status: 0 written; 1 the file exists (use --force); 2 usage or I/O error.
#include <instrukt_ai/logging/configure.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <unistd.h>

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

// Writes text to path through a temporary file and a rename: never half a file.
bool write_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text) || !out.flush()) {
      std::fprintf(stderr, "instrukt-ai-log-setup: cannot write %s: %s\n", tmp.c_str(), std::strerror(errno));
      std::error_code ec;
      fs::remove(tmp, ec);
      return false;
    }
  }
  std::error_code ec;
  fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read,
                  ec);
  fs::rename(tmp, path, ec);
  if (ec) {
    std::fprintf(stderr, "instrukt-ai-log-setup: cannot write %s: %s\n", path.c_str(), ec.message().c_str());
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root = instrukt_ai::logging::default_log_root();
  fs::path output = "/etc/logrotate.d/instrukt-ai";
  bool print = false, force = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--root" || a == "--output") && i + 1 < argc) {
      (a == "--root" ? root : output) = argv[++i];
    } else if (a == "--print") {
      print = true;
    } else if (a == "--force") {
      force = true;
    } else if (a == "-h" || a == "--help") {
      std::fputs(usage, stdout);
      return 0;
    } else {
      std::fprintf(stderr, "instrukt-ai-log-setup: %s %s\n%s", a.c_str(),
                   a == "--root" || a == "--output" ? "needs a value" : "is not an option", usage);
      return 2;
    }
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
  if (!write_atomically(output, text)) return 2;
  std::printf("wrote %s: rotation of %s/*/*.log (size 50M, 30 kept, compressed from the second)\n", output.c_str(),
              root.lexically_normal().c_str());
  return 0;
}
