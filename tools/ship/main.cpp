// instrukt-ai-ship: the agent's reader of files (docs/fleet.md). It follows
// every {root}/{app}/{file}.log and hands each file's new bytes, many lines
// per frame, to the host's agent rsyslogd on a Unix socket, which carries them
// over RELP in TLS to the aggregator. It reads a source again from before
// what may not have arrived after rsyslogd or itself restarted; the central
// writer drops what it already has, so every line lands once.
//
// Exit status: 0 when stopped (SIGTERM, SIGINT); 2 usage error, or its log
// or the root cannot be opened.
#include "common/args.hpp"
#include "common/descriptors.hpp"
#include "common/fleet_frame.hpp"
#include "ship_events.hpp"
#include "shipper.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <string>
#include <variant>

namespace tools = instrukt_ai::tools;
namespace fs = std::filesystem;
namespace ial = instrukt_ai::logging;
namespace ship = instrukt_ai::ship;

namespace {

constexpr const char* usage =
    "usage: instrukt-ai-ship --host NAME --socket PATH --positions FILE [--root DIR] [--window N] [--log-root DIR]\n"
    "  follows every DIR/APP/FILE.log (--root, default $INSTRUKT_AI_LOG_ROOT, else /var/log/instrukt-ai) and\n"
    "  sends its lines as NAME's to the agent's rsyslogd on PATH (deploy/rsyslog/agent.conf); FILE keeps\n"
    "  where each file has got to. --window: the agent's omrelp windowSize (default 32). Its own log:\n"
    "  --log-root (default: the root)/instrukt-ai-ship/instrukt-ai-ship.log\n";

std::atomic<bool> stop_requested{false};

int usage_error(const std::string& message) { return tools::usage_exit("instrukt-ai-ship", message, usage); }

struct arguments {
  ship::ship_settings settings;
  ial::options opts;
};

// The arguments, or the exit status of a usage error or --help.
std::variant<arguments, int> parse_arguments(int argc, char** argv) {
  arguments args;
  auto& s = args.settings;
  try {
    for (tools::arg_reader a(argc, argv); a.next();) {
      if (a.help(usage)) return 0;
      if (a.is("--host")) {
        s.host = a.value();
      } else if (a.is("--socket")) {
        s.socket = a.value();
      } else if (a.is("--positions")) {
        s.positions = a.value();
      } else if (a.is("--root")) {
        s.root = a.value();
      } else if (a.is("--log-root")) {
        args.opts.log_root = a.value();
      } else if (a.is("--window")) {
        const auto v = a.value();
        const auto r = std::from_chars(v.data(), v.data() + v.size(), s.window);
        if (r.ec != std::errc{} || r.ptr != v.data() + v.size() || s.window < 1 || s.window > 65536)
          throw tools::usage_error("--window " + v + ": give the agent's omrelp windowSize, 1 to 65536");
      } else if (a.current().starts_with("-")) {
        a.unknown();
      } else {
        a.unexpected();
      }
    }
  } catch (const tools::usage_error& e) {
    return usage_error(e.what());
  }
  if (!tools::valid_host(s.host))
    return usage_error(s.host.empty() ? "--host NAME is needed: the name in this host's certificate"
                                      : "--host " + s.host + ": give a host name (letters, digits, '-', '_', '.')");
  if (s.socket.empty()) return usage_error("--socket PATH is needed: the agent rsyslogd's input socket");
  if (s.positions.empty()) return usage_error("--positions FILE is needed: where the shipper keeps its place");
  if (s.root.empty()) s.root = ial::default_log_root();
  if (args.opts.log_root.empty()) args.opts.log_root = s.root.string();
  return args;
}

void on_stop(int) { stop_requested.store(true); }

void handle_stop_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  ::sigaction(SIGTERM, &sa, nullptr);
  ::sigaction(SIGINT, &sa, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = parse_arguments(argc, argv);
  if (const int* status = std::get_if<int>(&parsed)) return *status;
  auto& args = std::get<arguments>(parsed);
  const int root_fd = ::open(args.settings.root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) return usage_error("--root " + args.settings.root.string() + ": not a folder");
  try {
    ial::configure_logging("instrukt-ai-ship", args.opts);
  } catch (const ial::configuration_error& e) {
    return usage_error(std::string(e.what()) + " (give --log-root DIR for its own log)");
  }
  tools::raise_descriptor_limit();  // one descriptor per followed file
  handle_stop_signals();
  ship::shipper(args.settings, root_fd).run(stop_requested);
  return 0;
}
