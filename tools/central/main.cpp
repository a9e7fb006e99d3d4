// instrukt-ai-central: the aggregator's writer (docs/fleet.md). rsyslog's
// omprog starts it and writes every frame the agents ship to its stdin, each
// behind the name its sender authenticated as; it places each frame's bytes,
// by generation and offset, in {central}/{host}/{app}/{file}.log, writes
// bytes sent again only once, and reports bytes that never came. One writer
// per central folder: a second waits for the first to end. Its own events go
// to its own log, {log-root}/instrukt-ai-central/.
//
// Exit status: 0 at the end of its input; 1 at the end of its input with
// lines it could not write (each source's count is in its log); 2 usage
// error, or its log or the central folder cannot be opened.
#include "common/args.hpp"
#include "common/descriptors.hpp"
#include "central_events.hpp"
#include "central_writer.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <poll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

namespace tools = instrukt_ai::tools;
namespace fs = std::filesystem;
namespace ial = instrukt_ai::logging;
namespace central = instrukt_ai::central;

namespace {

constexpr const char* usage =
    "usage: instrukt-ai-central --central DIR [--log-root DIR]\n"
    "  reads the aggregator's deliveries on stdin (rsyslog omprog, deploy/rsyslog/aggregator.conf) and appends\n"
    "  each line to DIR/HOST/APP/FILE.log; its own log: --log-root (default $INSTRUKT_AI_LOG_ROOT,\n"
    "  else /var/log/instrukt-ai)/instrukt-ai-central/instrukt-ai-central.log\n";

// At the end of input, how long lines held back by a failing disk are tried again.
constexpr auto drain_limit = std::chrono::seconds(4);
// Past rsyslog's 1 MiB message: a frame without its '\n'.
constexpr std::size_t max_frame = std::size_t{4} << 20;

int usage_error(const std::string& message) { return tools::usage_exit("instrukt-ai-central", message, usage); }

struct arguments {
  fs::path root;
  ial::options opts;
};

// The arguments, or the exit status of a usage error or --help.
std::variant<arguments, int> parse_arguments(int argc, char** argv) {
  arguments args;
  try {
    for (tools::arg_reader a(argc, argv); a.next();) {
      if (a.help(usage)) return 0;
      if (a.is("--central")) {
        args.root = a.value();
      } else if (a.is("--log-root")) {
        args.opts.log_root = a.value();
      } else if (a.current().starts_with("-")) {
        a.unknown();
      } else {
        a.unexpected();
      }
    }
  } catch (const tools::usage_error& e) {
    return usage_error(e.what());
  }
  if (args.root.empty()) return usage_error("--central DIR is needed: the folder that holds HOST/APP/FILE.log");
  return args;
}

// The soft descriptor limit raised to the hard one; how many central files
// may be open at once within it (the rest: stdin, its own log, folders walked).
std::size_t open_file_budget() {
  const std::size_t raised = tools::raise_descriptor_limit();
  const std::size_t limit = raised == tools::unlimited_descriptors ? 65536 : raised;
  return std::clamp<std::size_t>(limit > 64 ? limit - 64 : 8, 8, 4096);
}

// Reads deliveries from stdin until it ends, handing each to the writer. While
// the disk fails it reads no more, so that rsyslog's queue and then the agents
// hold the lines, unless the input closes meanwhile.
void read_deliveries(central::central_writer& writer) {
  std::string buffer;
  std::vector<char> chunk(std::size_t{1} << 20);
  bool skipping = false;  // inside a frame too long to keep
  for (;;) {
    if (writer.unsaved()) {  // idle with an order not yet saved: save it within 250 ms
      pollfd in{STDIN_FILENO, POLLIN, 0};
      if (::poll(&in, 1, 250) == 0) {
        writer.write_out(central::clock::now());
        continue;
      }
    }
    const auto n = ::read(STDIN_FILENO, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk.data(), static_cast<std::size_t>(n));
    std::size_t at = 0;
    for (std::size_t nl; (nl = buffer.find('\n', at)) != std::string::npos; at = nl + 1) {
      if (!skipping) writer.take(std::string_view(buffer).substr(at, nl - at), central::clock::now());
      skipping = false;
    }
    buffer.erase(0, at);
    if (buffer.size() > max_frame) {
      central::log().log(central::CentralFrameRefused{"too_long", "longer than 4 MiB without an end of line", std::string_view(buffer).substr(0, 200)});
      buffer.clear();
      skipping = true;
    }
    while (!writer.write_out(central::clock::now())) {
      pollfd in{STDIN_FILENO, 0, 0};  // POLLHUP only: the input closed
      if (::poll(&in, 1, 1000) > 0 && (in.revents & (POLLHUP | POLLERR))) break;
    }
  }
  if (!buffer.empty() && !skipping)
    central::log().log(central::CentralFrameRefused{"cut", "the input ended inside this frame (no end of line): not written", std::string_view(buffer).substr(0, 200)});
}

// The lines still held are tried for drain_limit; what is left is reported lost.
int drain(central::central_writer& writer) {
  const auto until = central::clock::now() + drain_limit;
  while (!writer.write_out(central::clock::now(), /*last=*/true) && central::clock::now() < until) ::poll(nullptr, 0, 250);
  return writer.give_up() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = parse_arguments(argc, argv);
  if (const int* status = std::get_if<int>(&parsed)) return *status;
  auto& args = std::get<arguments>(parsed);
  std::error_code ec;
  fs::create_directories(args.root, ec);
  const int root_fd = ::open(args.root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) return usage_error("--central " + args.root.string() + ": not a folder, and it could not be made one");
  // One writer per central folder: a writer started while the last one still
  // writes what it had (its aggregator was killed) waits for it to end.
  while (::flock(root_fd, LOCK_EX) != 0 && errno == EINTR) {
  }
  try {
    ial::configure_logging("instrukt-ai-central", args.opts);
  } catch (const ial::configuration_error& e) {
    return usage_error(std::string(e.what()) + " (give --log-root DIR for its own log)");
  }
  const auto budget = open_file_budget();
  central::log().log(central::CentralWriterStarted{args.root.native(), budget});
  central::central_writer writer(central::central_tree(root_fd), {.max_open = budget});
  read_deliveries(writer);
  return drain(writer);
}
