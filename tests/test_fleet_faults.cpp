// The fleet's fault matrix (docs/fleet.md, "Faults"): a service writes 4
// threads x 50,000 events while one fault happens at a random moment (the seed
// is printed; IAL_FLEET_SEED=N repeats a run), with a rotation, by rename or by
// copytruncate, during the fault. Every event arrives once, in each thread's
// order; after a rename rotation the central file is the local files, byte for
// byte. The Release build runs each fault 5 times, the rotation alternating,
// each in an app of its own on one fleet; the sanitizer builds once (the
// environment may change both: IAL_FAULT_RUNS, IAL_LONG_OUTAGE_SECONDS).
#include "support/fleet_harness.hpp"
#include "support/numbered_check.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>

using namespace fleet_support;

namespace {

enum class fault { agent_killed, aggregator_killed, agent_stopped_while_aggregator_down, aggregator_down_long, disk_full };
enum class rotation { rename, copytruncate };

constexpr std::uint64_t per_thread = 50000;

const char* name_of(fault f) {
  switch (f) {
    case fault::agent_killed: return "agent SIGKILL";
    case fault::aggregator_killed: return "aggregator SIGKILL";
    case fault::agent_stopped_while_aggregator_down: return "agent stopped while the aggregator is down";
    case fault::aggregator_down_long: return "aggregator down";
    case fault::disk_full: return "central disk full";
  }
  return "?";
}

std::uint32_t base_seed() {
  if (const char* s = std::getenv("IAL_FLEET_SEED")) return static_cast<std::uint32_t>(std::stoul(s));
  return std::random_device{}();
}

// The local file's generations, oldest first: what rotation left beside it, then it.
std::vector<fs::path> local_files(const fs::path& log) {
  std::vector<fs::path> files;
  for (const char* suffix : {".3", ".2", ".1"})
    if (fs::exists(log.string() + suffix)) files.emplace_back(log.string() + suffix);
  files.push_back(log);
  return files;
}

// Rotates `log` now, by rename (the library reopens its path) or by copytruncate.
void rotate(const fleet& f, const fs::path& log, rotation how) {
  const auto conf = f.dir / ("rotate-" + log.stem().string() + ".conf");
  std::ofstream(conf) << log.string() << " {\n  rotate 3\n  nocompress\n  missingok\n"
                      << (how == rotation::copytruncate ? "  copytruncate\n" : "") << "}\n";
  const auto r = run_command(std::string(IAL_LOGROTATE) + " -f -s " + (f.dir / "rotate.state").string() + " " +
                             conf.string());
  INFO(r.err);
  CHECK(r.status == 0);
}

// copytruncate loses on the host itself what is written between its copy and
// its truncate, and the shipper may have read some of it: the central file
// holds every local line once, in each thread's order, and may hold lines the
// host lost, each once.
void check_superset(const std::vector<std::string>& central, const std::vector<std::string>& local,
                    const std::string& logger) {
  std::set<std::string> seen;
  std::size_t twice = 0;
  for (const auto& line : central) twice += seen.insert(line).second ? 0 : 1;
  CHECK(twice == 0);
  std::size_t missing = 0;
  for (const auto& line : local) missing += seen.count(line) ? 0 : 1;
  CHECK(missing == 0);
  std::map<std::string, long long> last;  // thread -> seq
  std::size_t backwards = 0;
  for (const auto& line : central) {
    const auto t = line.find(" thread="), q = line.find(" seq=");
    REQUIRE((t != std::string::npos && q != std::string::npos && line.find(logger) != std::string::npos));
    const auto thread = line.substr(t + 8, line.find(' ', t + 8) - t - 8);
    const long long seq = std::stoll(line.substr(q + 5, line.find(' ', q + 5) - q - 5));
    auto [it, fresh] = last.emplace(thread, seq);
    if (!fresh) {
      backwards += seq <= it->second ? 1 : 0;
      it->second = seq;
    }
  }
  CHECK(backwards == 0);
  CHECK(central.size() >= 4 * per_thread - 4 * per_thread / 2);  // not empty: most of it came
}

// One run in app `app`: the fault at a random moment while the service writes.
void fault_run(fleet& f, fault what, rotation how, std::uint32_t seed, const std::string& app,
               std::chrono::seconds long_outage) {
  std::mt19937 rng(seed);
  auto between = [&](int lo_ms, int hi_ms) {
    return std::chrono::milliseconds(std::uniform_int_distribution<int>(lo_ms, hi_ms)(rng));
  };
  std::printf("fleet fault run: %s, %s rotation, app %s, seed %u\n", name_of(what),
              how == rotation::rename ? "rename" : "copytruncate", app.c_str(), seed);
  std::fflush(stdout);
  INFO("fault " << name_of(what) << ", app " << app << ", IAL_FLEET_SEED=" << seed);
  const auto log = f.root / app / (app + ".log");
  const auto central_folder = f.central / "host-a" / app;
  struct mount_guard {
    fs::path at;
    ~mount_guard() {
      if (!at.empty()) run_command("umount -l " + at.string());
    }
  } mounted;
  if (what == fault::disk_full) {  // the app's central folder: 64 KiB, full soon after the start
    fs::create_directories(central_folder);
    const auto r = run_command("mount -t tmpfs -o size=64k,mode=0750 ial-test-full " + central_folder.string());
    INFO("the test mounts a tmpfs, as root: " << r.err);
    REQUIRE(r.status == 0);
    mounted.at = central_folder;
  }
  const pid_t child = start_child("fleet", f.root, per_thread, app);
  REQUIRE(wait_for(10s, [&] { return fs::exists(log); }));
  std::this_thread::sleep_for(between(50, 800));  // while the service writes (1 to 2 s)
  switch (what) {
    case fault::agent_killed:
      f.stop_agent(SIGKILL);
      rotate(f, log, how);
      std::this_thread::sleep_for(between(0, 500));
      f.start_agent();
      break;
    case fault::aggregator_killed:
      f.aggregator.stop(SIGKILL);
      rotate(f, log, how);
      std::this_thread::sleep_for(between(0, 500));
      f.start_aggregator();
      break;
    case fault::agent_stopped_while_aggregator_down:
      f.aggregator.stop();
      std::this_thread::sleep_for(between(50, 500));
      f.stop_agent();
      rotate(f, log, how);
      std::this_thread::sleep_for(between(0, 500));
      f.start_agent();
      std::this_thread::sleep_for(between(0, 500));
      f.start_aggregator();
      break;
    case fault::aggregator_down_long:
      f.aggregator.stop();
      rotate(f, log, how);
      std::this_thread::sleep_for(long_outage);
      f.start_aggregator();
      break;
    case fault::disk_full:
      rotate(f, log, how);
      std::this_thread::sleep_for(between(1000, 3000));
      REQUIRE(run_command("mount -o remount,size=256m " + central_folder.string()).status == 0);  // room again
      break;
  }
  wait_child(child);
  const auto written = lines_of(local_files(log));
  const auto central_log = central_folder / (app + ".log");
  if (how == rotation::rename) {
    REQUIRE(written.size() == 4 * per_thread);
    CHECK(wait_for(90s, [&] { return f.central_lines(app) >= written.size(); }));
    std::this_thread::sleep_for(300ms);  // nothing more comes
    std::string local_bytes;
    for (const auto& file : local_files(log)) local_bytes += test_support::read_all(file);
    const auto central_bytes = test_support::read_all(central_log);
    test_support::check_numbered(lines_of({central_log}), app + ".worker", 4, per_thread);
    CHECK(central_bytes.size() == local_bytes.size());
    CHECK(central_bytes == local_bytes);  // byte for byte, generation after generation
  } else {
    CHECK(wait_for(90s, [&] { return f.central_lines(app) >= written.size(); }));
    std::this_thread::sleep_for(1s);  // nothing more comes
    check_superset(lines_of({central_log}), written, app + ".worker");
  }
}

void fault_matrix(fault what, const std::string& name) {
  fleet f(name);
  const auto seed = base_seed();
  // The build's counts; the environment may change them by hand (IAL_FAULT_RUNS, IAL_LONG_OUTAGE_SECONDS).
  const char* runs_env = std::getenv("IAL_FAULT_RUNS");
  const char* outage_env = std::getenv("IAL_LONG_OUTAGE_SECONDS");
  const int runs = runs_env ? std::atoi(runs_env) : IAL_FAULT_RUNS;
  const auto long_outage = std::chrono::seconds(outage_env ? std::atoi(outage_env) : IAL_LONG_OUTAGE_SECONDS);
  for (int n = 0; n < runs; ++n) {
    // Rename and copytruncate in turn, starting by the fault (so that single runs cover both kinds);
    // the long outage once at its full length, the other runs 3 s.
    const auto how = (n + static_cast<int>(what)) % 2 == 0 ? rotation::rename : rotation::copytruncate;
    const auto outage = n == 0 ? long_outage : std::chrono::seconds(3);
    fault_run(f, what, how, seed + static_cast<std::uint32_t>(n), "f" + std::to_string(n), outage);
  }
  const auto own = test_support::read_all(f.own_log / "instrukt-ai-central" / "instrukt-ai-central.log");
  CHECK(own.find("msg=central_gap") == std::string::npos);
  CHECK(own.find("msg=central_lines_lost") == std::string::npos);
}

}  // namespace

TEST_CASE("fleet faults: the agent killed (SIGKILL) and started again loses and repeats nothing", "[fleet]") {
  fault_matrix(fault::agent_killed, "fleet-agent-killed");
}

TEST_CASE("fleet faults: the aggregator killed (SIGKILL) and started again loses and repeats nothing", "[fleet]") {
  fault_matrix(fault::aggregator_killed, "fleet-aggregator-killed");
}

TEST_CASE("fleet faults: the agent stopped while the aggregator is down loses and repeats nothing", "[fleet]") {
  fault_matrix(fault::agent_stopped_while_aggregator_down, "fleet-agent-stopped");
}

TEST_CASE("fleet faults: the aggregator down for a long outage loses and repeats nothing", "[fleet]") {
  fault_matrix(fault::aggregator_down_long, "fleet-aggregator-down");
}

TEST_CASE("fleet faults: the central disk full loses and repeats nothing", "[fleet]") {
  fault_matrix(fault::disk_full, "fleet-disk-full-matrix");
}
