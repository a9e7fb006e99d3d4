// The fleet run for real on loopback, for the fleet tests (test_fleet.cpp,
// test_fleet_faults.cpp): the project's agent (instrukt-ai-ship and its
// rsyslogd) and aggregator (rsyslogd and instrukt-ai-central), rendered from
// deploy/rsyslog by install.sh, each side's TLS its stunnel, certificates made
// with openssl; every process started and stopped by the test.
#pragma once

#include "support/command.hpp"
#include "support/process.hpp"
#include "support/wait.hpp"

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fleet_support {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test_support::run_command;
using test_support::wait_for;
using test_support::free_port;
using test_support::listening;


// Every line of the files, in order (a .gz decompressed).
inline std::vector<std::string> lines_of(const std::vector<fs::path>& files) {
  std::vector<std::string> lines;
  for (const auto& f : files) {
    const std::string text = f.extension() == ".gz" ? run_command("gzip -dc " + f.string()).out
                                                     : test_support::read_all(f);
    std::size_t at = 0;
    for (std::size_t nl; (nl = text.find('\n', at)) != std::string::npos; at = nl + 1)
      lines.push_back(text.substr(at, nl - at));
  }
  return lines;
}

// One rsyslogd (or stunnel) in the foreground, stopped (and waited for) by stop().
struct daemon_process : test_support::child_process {
  void start(const fs::path& conf, const fs::path& work) {
    run({IAL_RSYSLOGD, "-n", "-f", conf.string(), "-i", (work / "rsyslogd.pid").string()}, work / "rsyslogd.out");
  }
  void start_tunnel(const fs::path& conf, const fs::path& work) { run({IAL_STUNNEL, conf.string()}, work / "stunnel.out"); }
  // The command line install.sh wrote (ship-agent.cmd: words without spaces).
  void start_command(const fs::path& command_file, const fs::path& out) {
    std::istringstream words(test_support::read_all(command_file));
    std::vector<std::string> args;
    for (std::string w; words >> w;) args.push_back(w);
    REQUIRE(!args.empty());
    run(args, out);
  }
};

// A certificate authority and certificates it signs, each with its name as
// CN and DNS subject alternative name, made with openssl (EC P-256).
struct certificates {
  fs::path dir;
  explicit certificates(fs::path d) : dir(std::move(d)) {
    fs::create_directories(dir);
    run("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=ial-test-ca -keyout " +
        key("ca") + " -out " + cert("ca"));
  }
  std::string cert(const std::string& name) const { return (dir / (name + ".pem")).string(); }
  std::string key(const std::string& name) const { return (dir / (name + ".key")).string(); }
  // `name` signed by the CA.
  void make(const std::string& name) const {
    const auto ext = dir / (name + ".ext");
    std::ofstream(ext) << "subjectAltName=DNS:" << name << "\nextendedKeyUsage=serverAuth,clientAuth\n";
    const auto csr = (dir / (name + ".csr")).string();
    run("req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=" + name + " -keyout " + key(name) +
        " -out " + csr);
    run("x509 -req -in " + csr + " -CA " + cert("ca") + " -CAkey " + key("ca") + " -CAcreateserial -days 2 -extfile " +
        ext.string() + " -out " + cert(name));
  }
  // install.sh's values for a side presenting `name`'s certificate.
  std::string values(const std::string& name) const {
    return " CA=" + cert("ca") + " CERT=" + cert(name) + " KEY=" + key(name);
  }

 private:
  static void run(const std::string& args) {
    const auto r = run_command(std::string(IAL_OPENSSL) + " " + args);
    INFO(r.err);
    REQUIRE(r.status == 0);
  }
};

inline const std::string install = std::string(IAL_DEPLOY_RSYSLOG) + "/install.sh ";

// Renders a config with install.sh into `out` and returns its path (with
// TLS, stunnel's is beside it: stunnel-ROLE.conf).
inline fs::path render(const std::string& role, const std::string& values, const fs::path& out) {
  const auto r = run_command(install + role + values + " --output " + out.string());
  INFO(r.err);
  REQUIRE(r.status == 0);
  return out / ("rsyslog-" + role + ".conf");
}

// The agent and the aggregator, rendered from deploy/rsyslog by install.sh:
// the agent is host-a, with host-a's certificate, and the aggregator permits
// it. Each side's TLS is its stunnel.
struct fleet {
  fs::path dir, root, central, agent_work, aggregator_work, own_log;
  certificates certs;
  int port = free_port(), local_port = free_port(), tunnel_port = free_port();
  daemon_process agent_tunnel, aggregator_tunnel, agent, shipper, aggregator;

  explicit fleet(const std::string& name) : dir(test_support::fresh_root(name)), certs(dir / "tls") {
    root = dir / "logs";
    central = dir / "central";
    agent_work = dir / "agent";
    aggregator_work = dir / "aggregator";
    own_log = dir / "own";
    fs::create_directories(root);
    certs.make("aggregator.test");
    certs.make("host-a");
    const std::string p = std::to_string(port);
    render("aggregator", " LISTEN=127.0.0.1 PEERS=host-a:" + p + " LOCAL_PORT=" + std::to_string(local_port) +
                             " CENTRAL=" + central.string() + " WORK=" + aggregator_work.string() + " WRITER=" +
                             IAL_CENTRAL_TOOL + " LOG_ROOT=" + own_log.string() + certs.values("aggregator.test"),
           dir);
    render("agent", " AGGREGATOR=127.0.0.1 AGGREGATOR_NAME=aggregator.test HOST=host-a PORT=" + p +
                        " TUNNEL_PORT=" + std::to_string(tunnel_port) + " ROOT=" + root.string() + " WORK=" +
                        agent_work.string() + " SHIPPER=" + IAL_SHIP_TOOL + " LOG_ROOT=" + own_log.string() +
                        certs.values("host-a"),
           dir);
    aggregator_tunnel.start_tunnel(dir / "stunnel-aggregator.conf", aggregator_work);
    agent_tunnel.start_tunnel(dir / "stunnel-agent.conf", agent_work);
    REQUIRE(wait_for(10s, [&] { return listening(port) && listening(tunnel_port); }));
    start_aggregator();
    start_agent();
  }
  ~fleet() {
    shipper.stop();
    agent.stop();
    aggregator.stop();
    agent_tunnel.stop();
    aggregator_tunnel.stop();
  }
  void start_aggregator() {
    aggregator.start(dir / "rsyslog-aggregator.conf", aggregator_work);
    REQUIRE(wait_for(10s, [&] { return listening(local_port); }));
  }
  // The agent: its rsyslogd, then the shipper once rsyslogd's socket is there.
  void start_agent() {
    fs::remove(agent_work / "ship.sock");
    agent.start(dir / "rsyslog-agent.conf", agent_work);
    REQUIRE(wait_for(10s, [&] { return fs::exists(agent_work / "ship.sock"); }));
    shipper.start_command(dir / "ship-agent.cmd", agent_work / "ship.out");
  }
  void stop_agent(int sig = SIGTERM) {
    shipper.stop(sig);
    agent.stop(sig);
  }
  // The one host folder the aggregator made.
  fs::path host_folder() const {
    std::vector<fs::path> hosts;
    for (const auto& e : fs::directory_iterator(central)) hosts.push_back(e.path());
    REQUIRE(hosts.size() == 1);
    return hosts[0];
  }
  std::size_t central_lines(const std::string& app) const {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& h : fs::directory_iterator(central, ec))
      for (const auto& f : fs::directory_iterator(h.path() / app, ec))
        if (f.path().extension() == ".log") {
          const auto text = test_support::read_all(f.path());
          n += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
        }
    return n;
  }
};

// The test child (support/child.cpp) in `mode`; `app`: its app in mode "fleet".
inline pid_t start_child(const char* mode, const fs::path& root, std::uint64_t events, const std::string& app = "") {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (!app.empty()) ::setenv("IAL_CHILD_APP", app.c_str(), 1);
    ::execl(IAL_TEST_CHILD, IAL_TEST_CHILD, mode, root.c_str(), std::to_string(events).c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return child;
}

inline void wait_child(pid_t child) {
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);  // bounded by ctest's timeout
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
}

}  // namespace fleet_support
