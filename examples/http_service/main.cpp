// An order service on cpp-httplib, logging through instrukt-ai-logging (or,
// for the benchmark, through spdlog, or not at all). README: "An HTTP service".
//
//   orders_service [--port N] [--access-log] [--logging ours|spdlog|off] ...
//   (orders_service --help lists them all)
//
// It prints "listening on http://ADDRESS:PORT" once it serves, and on SIGTERM
// or SIGINT stops, flushes its log and prints one JSON line of what it cost:
// {"requests":..,"cpu_s":..,"max_rss_kb":..,"uptime_s":..,"log_file":".."}.
#include "log_none.hpp"
#include "log_ours.hpp"
#include "log_spdlog.hpp"
#include "routes.hpp"

#include <httplib.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <pthread.h>
#include <set>
#include <string>
#include <sys/resource.h>
#include <thread>

namespace {

using namespace orders;

struct settings {
  std::string address = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::uint32_t threads = 16;
  std::string logging = "ours";
  bool access_log = false;
  std::string spdlog_file;
  std::uint32_t rate = 0, burst = 20;
  downstream_settings downstream;
};

constexpr const char* usage =
    "usage: orders_service [options]\n"
    "  --address A            listen address (127.0.0.1)\n"
    "  --port N               listen port; 0 takes a free one (0)\n"
    "  --threads N            request threads (16)\n"
    "  --logging ours|spdlog|off   (ours)\n"
    "  --access-log           an INFO line per request\n"
    "  --spdlog-file PATH     spdlog's file (required with --logging spdlog)\n"
    "  --rate-limit N         requests per second per tenant; 0: no limit (0)\n"
    "  --burst N              a tenant's bucket size (20)\n"
    "  --slow-fraction F      new orders that call the downstream (0.1)\n"
    "  --failure-fraction F   downstream calls that fail (0.02)\n"
    "  --downstream-ms N      a downstream call's latency (2)\n"
    "Levels: ORDERS_LOG_LEVEL (INFO); the log folder: INSTRUKT_AI_LOG_ROOT.\n";

[[noreturn]] void bad_argument(const std::string& what) {
  std::fprintf(stderr, "orders_service: %s\n%s", what.c_str(), usage);
  std::exit(2);
}

// The flag's value as a T within [low, high], or a usage error naming both.
template <class T>
T number(const std::string& flag, const char* text, T low, T high) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text, &end);
  if (errno != 0 || end == text || *end != '\0' || v < static_cast<double>(low) || v > static_cast<double>(high)) {
    char range[96];
    std::snprintf(range, sizeof range, "a number from %g to %g", static_cast<double>(low), static_cast<double>(high));
    bad_argument(flag + ": '" + text + "' is not " + range);
  }
  return static_cast<T>(v);
}

settings parse_arguments(int argc, char** argv) {
  settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help") {
      std::fputs(usage, stdout);
      std::exit(0);
    }
    if (flag == "--access-log") {
      s.access_log = true;
      continue;
    }
    static const std::set<std::string> with_value = {"--address",       "--port",          "--threads",
                                                     "--logging",       "--spdlog-file",   "--rate-limit",
                                                     "--burst",         "--slow-fraction", "--failure-fraction",
                                                     "--downstream-ms"};
    if (!with_value.count(flag)) bad_argument("unknown option: " + flag);
    if (i + 1 >= argc) bad_argument(flag + " needs a value");
    const char* value = argv[++i];
    if (flag == "--address") s.address = value;
    else if (flag == "--port") s.port = number<int>(flag, value, 0, 65535);
    else if (flag == "--threads") s.threads = number<std::uint32_t>(flag, value, 1, 1024);
    else if (flag == "--logging") s.logging = value;
    else if (flag == "--spdlog-file") s.spdlog_file = value;
    else if (flag == "--rate-limit") s.rate = number<std::uint32_t>(flag, value, 0, 1000000);
    else if (flag == "--burst") s.burst = number<std::uint32_t>(flag, value, 1, 1000000);
    else if (flag == "--slow-fraction") s.downstream.slow_fraction = number<double>(flag, value, 0, 1);
    else if (flag == "--failure-fraction") s.downstream.failure_fraction = number<double>(flag, value, 0, 1);
    else s.downstream.latency = std::chrono::microseconds(number<std::uint32_t>(flag, value, 0, 60000) * 1000);
  }
  if (s.logging != "ours" && s.logging != "spdlog" && s.logging != "off")
    bad_argument("--logging: '" + s.logging + "' is not ours, spdlog or off");
  if (s.logging == "spdlog" && s.spdlog_file.empty()) bad_argument("--logging spdlog needs --spdlog-file PATH");
  return s;
}

// SIGTERM and SIGINT are taken by a thread of ours (sigwait), which stops the
// server: blocked here, before any thread starts, so every thread inherits it.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

void tune_server(httplib::Server& server, std::uint32_t threads) {
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(100000);  // cpp-httplib's default (5) reconnects every 5th request
  server.set_tcp_nodelay(true);              // else Nagle holds a response's second write for the client's ACK (40 ms)
}

void report(std::uint64_t requests, double uptime_s, const std::string& log_file) {
  rusage use{};
  getrusage(RUSAGE_SELF, &use);
  const double cpu = use.ru_utime.tv_sec + use.ru_utime.tv_usec / 1e6 + use.ru_stime.tv_sec + use.ru_stime.tv_usec / 1e6;
  std::printf("{\"requests\":%llu,\"cpu_s\":%.3f,\"max_rss_kb\":%ld,\"uptime_s\":%.3f,\"log_file\":\"%s\"}\n",
              static_cast<unsigned long long>(requests), cpu, use.ru_maxrss, uptime_s, log_file.c_str());
  std::fflush(stdout);
}

template <class Log>
int serve(const settings& s, Log& log, sigset_t signals) {
  const auto started = std::chrono::steady_clock::now();
  service_state state(s.rate, s.burst, s.downstream);
  httplib::Server server;
  tune_server(server, s.threads);
  std::atomic<std::uint64_t> requests{0};
  server.set_post_routing_handler([&](const httplib::Request&, httplib::Response&) { ++requests; });
  add_routes(server, state, log);
  const int port = s.port == 0 ? server.bind_to_any_port(s.address) : (server.bind_to_port(s.address, s.port) ? s.port : -1);
  if (port < 0) {
    std::fprintf(stderr, "orders_service: cannot listen on %s:%d (in use, or not an address of this host)\n",
                 s.address.c_str(), s.port);
    return 1;
  }
  log.started(s.address, static_cast<std::uint16_t>(port), s.threads);
  std::printf("listening on http://%s:%d\n", s.address.c_str(), port);
  std::fflush(stdout);
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  });
  server.listen_after_bind();
  stopper.join();
  const auto uptime = std::chrono::steady_clock::now() - started;
  log.stopped(requests.load(), std::chrono::duration_cast<std::chrono::milliseconds>(uptime));
  report(requests.load(), std::chrono::duration<double>(uptime).count(), log.file());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const settings s = parse_arguments(argc, argv);
  const sigset_t signals = stop_signals();
  if (s.logging == "off") {
    log_none log;
    return serve(s, log, signals);
  }
  if (s.logging == "spdlog") {
    log_spdlog log(s.access_log, s.spdlog_file);
    return serve(s, log, signals);
  }
  std::optional<log_ours> log;
  try {
    log.emplace(s.access_log);
  } catch (const ial::configuration_error& e) {
    std::fprintf(stderr, "orders_service: %s\n", e.what());
    return 1;  // a service must not start blind
  }
  ial::install_fatal_signal_handler();  // a crash still leaves the log, then a CRITICAL line naming the signal
  return serve(s, *log, signals);
}
