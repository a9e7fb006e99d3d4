// instrukt-ai-central's parts: the frame it accepts (common/fleet_frame), how
// it tells bytes sent again, a new file and a hole from the next bytes, and the
// writer itself (run as a program) against many sources, bad paths and symlinks.
#include "central/central_writer.hpp"
#include "central/delivery.hpp"
#include "central/source_order.hpp"
#include "common/fleet_frame.hpp"
#include "support/command.hpp"
#include "support/wait.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

using namespace instrukt_ai::central;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test_support::read_all;

namespace {

template <class Done>
bool wait_for(std::chrono::milliseconds limit, Done done) {
  return test_support::wait_for(limit, done, std::chrono::milliseconds(10));
}

// A delivery as the aggregator hands it to the writer: authenticated as `host`.
// The frame holds `line` and its '\n', at `offset` of generation "1".
std::string delivery(const std::string& host, const std::string& app, const std::string& file, std::uint64_t offset,
                     const std::string& line) {
  std::string out = "peer:" + host + " ";
  instrukt_ai::tools::append_frame(out, {host, app, file, "1", offset, {}}, line + "\n");
  return out + "\n";
}

// instrukt-ai-central run as rsyslog runs it, its stdin a pipe the test writes to.
struct writer_process {
  fs::path dir, central, own_log;
  pid_t pid = -1;
  int input = -1;

  explicit writer_process(const std::string& name, int descriptor_limit = 0)
      : dir(test_support::fresh_root(name)), central(dir / "central"), own_log(dir / "own") {
    fs::create_directories(central);
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::dup2(fds[0], STDIN_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      if (descriptor_limit > 0) {
        rlimit r{static_cast<rlim_t>(descriptor_limit), static_cast<rlim_t>(descriptor_limit)};
        ::setrlimit(RLIMIT_NOFILE, &r);
      }
      ::execl(IAL_CENTRAL_TOOL, IAL_CENTRAL_TOOL, "--central", central.c_str(), "--log-root", own_log.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[0]);
    input = fds[1];
  }
  ~writer_process() {
    if (input >= 0) ::close(input);
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  void send(const std::string& text) const {
    std::size_t done = 0;
    while (done < text.size()) {
      const auto n = ::write(input, text.data() + done, text.size() - done);
      REQUIRE(n > 0);
      done += static_cast<std::size_t>(n);
    }
  }
  // Closes its input and waits (at most 30 s) for its exit status; -1 if it had to be killed.
  int finish() {
    ::close(input);
    input = -1;
    int status = 0;
    const bool ended = wait_for(30s, [&] { return ::waitpid(pid, &status, WNOHANG) == pid; });
    if (!ended) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
    }
    pid = -1;
    return ended && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string log() const { return read_all(own_log / "instrukt-ai-central" / "instrukt-ai-central.log"); }
};

}  // namespace

TEST_CASE("fleet frame: a run of bytes, every byte value among them, travels as printable text and comes back",
          "[central]") {
  std::string bytes = "2026-11-24T07:03:28.775123Z level=INFO  x=\"a ^ b\"\n";
  for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
  bytes += "\n";
  std::string out;
  instrukt_ai::tools::append_frame(out, {"web-1.dc", "orders", "cron", "1f-a0", 4096, {}}, bytes);
  for (const char c : out) {
    const auto u = static_cast<unsigned char>(c);
    CHECK((u >= 0x20 && u != 0x7f));  // no control byte: rsyslog passes it as it is
  }
  const auto f = instrukt_ai::tools::parse_fleet_frame(out);
  REQUIRE(f.value);
  CHECK(f.value->host == "web-1.dc");
  CHECK(f.value->app == "orders");
  CHECK(f.value->file == "cron");
  CHECK(f.value->generation == "1f-a0");
  CHECK(f.value->offset == 4096);
  std::string back = "kept ";
  REQUIRE(instrukt_ai::tools::decode_payload(f.value->payload, back));
  CHECK(back == "kept " + bytes);
  for (const char* bad : {"abc^", "a^b", "a\nb", "^!"}) {  // a '^' without a known byte, a raw control byte
    INFO(bad);
    std::string out2 = "kept";
    CHECK_FALSE(instrukt_ai::tools::decode_payload(bad, out2));
    CHECK(out2 == "kept");
  }
}

TEST_CASE("fleet frame: names that could leave the central folder, and broken frames, are refused", "[central]") {
  using instrukt_ai::tools::parse_fleet_frame;
  for (const char* bad : {"ial2 .. orders cron 1 0 x", "ial2 a/b orders cron 1 0 x", "ial2 h .. cron 1 0 x",
                          "ial2 h Orders cron 1 0 x", "ial2 h orders cr/on 1 0 x", "ial2 h orders cron 1 -1 x",
                          "ial2 h orders cron 1 12a x", "ial2 h orders cron 1 0", "ial2 h orders cron G 0 x",
                          "ial2 h orders cron 0123456789abcdef0123456789abcdef012345678 0 x", "ial1 h orders cron 0 x",
                          ""}) {
    INFO(bad);
    const auto f = parse_fleet_frame(bad);
    CHECK_FALSE(f.value);
    CHECK_FALSE(f.error.empty());
  }
  CHECK(parse_fleet_frame("ial1 h orders cron 0 x").error.find("predates instrukt-ai-ship") != std::string::npos);
}

TEST_CASE("central order: next bytes, a repeat, a repeat that runs on, a new generation, and holes", "[central]") {
  source_order o;
  CHECK(o.take("a", 0, 5).what == verdict::new_generation);  // a ends at 5
  CHECK(o.take("a", 5, 4).what == verdict::next);            // 9
  CHECK(o.take("a", 5, 4).what == verdict::resent);
  CHECK(o.take("a", 0, 9).what == verdict::resent);
  const auto runs_on = o.take("a", 5, 7);  // sent again from 5, now with 3 new bytes
  CHECK(runs_on.what == verdict::next);
  CHECK(runs_on.skip == 4);
  CHECK(o.take("b", 0, 4).what == verdict::new_generation);  // rotated: b ends at 4
  CHECK(o.take("a", 12, 2).what == verdict::next);           // the renamed file's last bytes
  CHECK(o.take("b", 4, 1).what == verdict::next);
  const auto hole = o.take("b", 100, 1);
  CHECK(hole.what == verdict::gap);
  CHECK(hole.missing_bytes == 95);  // 5 .. 100
  CHECK(o.take("b", 50, 10).what == verdict::resent);  // inside what is written (the hole is never filled)
  const auto unknown = o.take("c", 30, 2);  // a generation whose start never came
  CHECK(unknown.what == verdict::gap);
  CHECK(unknown.missing_bytes == 30);
}

TEST_CASE("central order: it survives a restart through its text, and bad text starts afresh", "[central]") {
  source_order o;
  o.take("a", 0, 5);
  o.take("b", 0, 9);
  auto back = source_order::load(o.save());
  CHECK(back.take("a", 0, 5).what == verdict::resent);
  CHECK(back.take("b", 4, 5).what == verdict::resent);
  CHECK(back.take("b", 9, 1).what == verdict::next);
  for (const char* bad : {"ial-central-order 1\n5 \n\n", "ial-central-order 2\nb x\n", "ial-central-order 2\nZ 5\n",
                          "ial-central-order 2\nb 5"}) {
    INFO(bad);
    auto fresh = source_order::load(bad);
    CHECK(fresh.take("b", 4, 5).what == verdict::gap);  // nothing known: taken as it comes
  }
}

TEST_CASE("central order: the last 16 generations are remembered", "[central]") {
  source_order o;
  for (int g = 0; g < 17; ++g) o.take(std::to_string(g), 0, 10);
  CHECK(o.take("16", 0, 10).what == verdict::resent);
  CHECK(o.take("1", 0, 10).what == verdict::resent);
  CHECK(o.take("0", 0, 10).what == verdict::new_generation);  // forgotten
}

TEST_CASE("central delivery: a frame is taken only from the host its sender authenticated as", "[central]") {
  const auto ok = parse_delivery("peer:web-1 ial2 web-1 orders cron 1 0 line");
  REQUIRE(ok.value);
  CHECK(ok.peer == "web-1");
  const auto plain = parse_delivery("plain ial2 web-2 orders cron 1 0 line");  // plain RELP: no identity to check
  CHECK(plain.value);
  const auto forged = parse_delivery("peer:web-1 ial2 db-prod-1 payments payments 1 0 line");
  CHECK_FALSE(forged.value);
  CHECK(forged.reason == "host_mismatch");
  CHECK(forged.error.find("'db-prod-1' is not its sender, authenticated as 'web-1'") != std::string::npos);
  const auto bare = parse_delivery("ial2 web-1 orders cron 1 0 line");  // no sender: not from the aggregator's template
  CHECK_FALSE(bare.value);
  CHECK(bare.reason == "unauthenticated");
  CHECK(parse_delivery("peer:web-1 ial2 web-1 orders cron 1 x line").reason == "malformed");
}

TEST_CASE("central writer: 5,000 sources under a descriptor limit of 256 all land, and its input's end ends it",
          "[central]") {
  writer_process w("central-many-sources", 256);
  std::string frames;
  for (int i = 0; i < 5000; ++i) frames += delivery("h" + std::to_string(i % 7), "app" + std::to_string(i), "app" + std::to_string(i), 0, "line " + std::to_string(i));
  w.send(frames);
  CHECK(w.finish() == 0);  // before: past ~1,019 sources it retried forever and never exited
  std::size_t landed = 0;
  for (int i = 0; i < 5000; ++i)
    landed += read_all(w.central / ("h" + std::to_string(i % 7)) / ("app" + std::to_string(i)) /
                       ("app" + std::to_string(i) + ".log")) == "line " + std::to_string(i) + "\n";
  CHECK(landed == 5000);
  CHECK(w.log().find("max_open_files=") != std::string::npos);
}

TEST_CASE("central writer: a source that cannot be opened is reported and holds back no other host", "[central]") {
  writer_process w("central-bad-source");
  std::ofstream(w.central / "bad") << "a file where the host's folder should be\n";
  w.send(delivery("bad", "app", "app", 0, "never written"));
  std::this_thread::sleep_for(300ms);  // the writer has tried the bad source: the good lines come in a later read
  std::string good;
  std::uint64_t at = 0;
  for (int i = 0; i < 100; ++i) {
    const std::string line = "good line " + std::to_string(i);
    good += delivery("good", "app", "app", at, line);
    at += line.size() + 1;
  }
  w.send(good);
  const auto good_file = w.central / "good" / "app" / "app.log";
  // Before: 0 of the 100 in 15 s, every host stopped behind the bad one.
  CHECK(wait_for(1s, [&] {
    const auto text = read_all(good_file);
    return std::count(text.begin(), text.end(), '\n') == 100;
  }));
  CHECK(w.finish() == 1);  // the bad source's line could not be written
  const auto own = w.log();
  CHECK(own.find("msg=central_write_failed path=bad/app/app.log reason=\"bad is not a folder") != std::string::npos);
  CHECK(own.find("msg=central_lines_lost host=bad app=app file=app.log lines=1") != std::string::npos);
}

TEST_CASE("central writer: a frame whose host is not its sender's lands nowhere and is refused as host_mismatch",
          "[central]") {
  writer_process w("central-host-mismatch");
  w.send("peer:web-1 ial2 db-prod-1 payments payments 1 0 forged^J\n" + delivery("web-1", "app", "app", 0, "real"));
  CHECK(w.finish() == 0);
  CHECK_FALSE(fs::exists(w.central / "db-prod-1"));
  CHECK(read_all(w.central / "web-1" / "app" / "app.log") == "real\n");
  CHECK(w.log().find("msg=central_frame_refused reason=host_mismatch") != std::string::npos);
}

TEST_CASE("central writer: nothing below the central folder is opened through a symlink", "[central]") {
  writer_process w("central-symlinks");
  const auto outside = w.dir / "outside";
  fs::create_directories(outside / "app");
  std::ofstream(outside / "target.log") << "precious\n";
  std::ofstream(outside / "order-target") << "precious\n";
  fs::create_directory_symlink(outside, w.central / "linked-host");            // a host folder
  fs::create_directories(w.central / "h1");
  fs::create_directory_symlink(outside / "app", w.central / "h1" / "app");     // an app folder
  fs::create_directories(w.central / "h2" / "app");
  fs::create_symlink(outside / "target.log", w.central / "h2" / "app" / "app.log");  // the file
  fs::create_directories(w.central / "h3" / "app");
  fs::create_symlink(outside / "order-target", w.central / "h3" / "app" / ".app.log.order");  // the order state
  w.send(delivery("linked-host", "app", "app", 0, "x") + delivery("h1", "app", "app", 0, "x") +
         delivery("h2", "app", "app", 0, "x") + delivery("h3", "app", "app", 0, "x") +
         delivery("h4", "app", "app", 0, "first"));
  const auto h4 = w.central / "h4" / "app" / "app.log";
  REQUIRE(wait_for(5s, [&] { return read_all(h4) == "first\n"; }));
  // A central file renamed away and replaced by a symlink while the writer runs.
  fs::rename(h4, h4.string() + ".1");
  fs::create_symlink(outside / "target.log", h4);
  std::this_thread::sleep_for(1500ms);  // the writer checks its files' paths every second
  w.send(delivery("h4", "app", "app", 6, "second"));
  CHECK(w.finish() == 1);  // h1, h2 and h4's lines were not written
  CHECK(read_all(outside / "target.log") == "precious\n");
  CHECK(read_all(outside / "order-target") == "precious\n");
  CHECK_FALSE(fs::exists(outside / "app" / "app.log"));
  CHECK_FALSE(fs::exists(outside / "app.log"));
  CHECK(read_all(w.central / "h3" / "app" / "app.log") == "x\n");  // written; its order state refused
  const auto own = w.log();
  CHECK(own.find("path=linked-host/app/app.log reason=\"linked-host is a symlink: refused") != std::string::npos);
  CHECK(own.find("path=h1/app/app.log reason=\"h1/app is a symlink: refused") != std::string::npos);
  CHECK(own.find("path=h2/app/app.log reason=\"h2/app/app.log is a symlink: refused") != std::string::npos);
  CHECK(own.find("msg=central_order_save_failed path=h3/app/.app.log.order reason=\"h3/app/.app.log.order is a symlink") != std::string::npos);
  CHECK(own.find("path=h4/app/app.log reason=\"h4/app/app.log is a symlink: refused") != std::string::npos);
}

TEST_CASE("central writer: a cut last frame and an order state that cannot be saved are reported", "[central]") {
  writer_process w("central-reported");
  fs::create_directories(w.central / "h" / "app" / ".app.log.order");  // a folder where the state goes
  w.send(delivery("h", "app", "app", 0, "whole") + "peer:h ial2 h app app 1 6 cut sho");
  CHECK(w.finish() == 0);
  CHECK(read_all(w.central / "h" / "app" / "app.log") == "whole\n");
  const auto own = w.log();
  CHECK(own.find("msg=central_frame_refused reason=cut") != std::string::npos);
  CHECK(own.find("msg=central_order_save_failed path=h/app/.app.log.order") != std::string::npos);
}

TEST_CASE("central writer: an idle source's file is closed and its memory released", "[central]") {
  test_support::configure("central-idle");
  const auto root = test_support::fresh_root("central-idle-tree");
  const int root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE(root_fd >= 0);
  central_writer w(central_tree(root_fd), {.max_open = 8, .idle_close = 10s, .idle_release = 60s});
  auto t = clock::now();
  for (int i = 0; i < 20; ++i) {
    auto d = delivery("h", "a" + std::to_string(i), "a", 0, "line");
    d.pop_back();
    w.take(d, t);
  }
  CHECK(w.write_out(t, /*last=*/true));
  CHECK(w.open_files() == 8);  // never more than max_open at once
  CHECK(w.known_sources() == 20);
  t += 11s;
  w.write_out(t);
  CHECK(w.open_files() == 0);
  CHECK(w.known_sources() == 20);
  t += 50s;
  w.write_out(t);
  CHECK(w.known_sources() == 0);
  auto again = delivery("h", "a0", "a", 0, "line");  // remembered through its state file: a repeat
  again.pop_back();
  w.take(again, t);
  w.write_out(t, true);
  CHECK(read_all(root / "h" / "a0" / "a.log") == "line\n");
  ::close(root_fd);
}
