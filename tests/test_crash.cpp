// The fatal-signal handler: a crashing child's rings reach the file, then one
// CRITICAL line naming the signal; the previous handler is called; the
// process still ends by the signal.
#include "support/log_file.hpp"

#include "config/logger_registry.hpp"
#include "writer/line_format.hpp"

#include <instrukt_ai/logging/detail/event/record_source.hpp>
#include <instrukt_ai/logging/formatted.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <csignal>
#include <fcntl.h>
#include <map>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <vector>

extern char** environ;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// A sanitizer's own SIGSEGV handler (called after ours) ends the process with
// exit code 1; and it owns operator new, so allocations are not counted there.
constexpr bool under_sanitizer = true;
#else
constexpr bool under_sanitizer = false;
#endif

// Every allocation in this process is counted while `counting` is set (not
// under a sanitizer).
namespace {
std::atomic<bool> counting{false};
std::atomic<int> allocations{0};
}  // namespace
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
namespace {
void* counted_alloc(std::size_t n, std::size_t align) {
  if (counting.load()) allocations.fetch_add(1);
  void* p = align <= alignof(std::max_align_t) ? std::malloc(n ? n : 1)
                                               : std::aligned_alloc(align, (n + align - 1) / align * align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace
void* operator new(std::size_t n) { return counted_alloc(n, alignof(std::max_align_t)); }
void* operator new(std::size_t n, std::align_val_t a) { return counted_alloc(n, static_cast<std::size_t>(a)); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
#endif

namespace {

struct child_result {
  pid_t pid = 0;
  bool signaled = false;
  int signal = 0;
  int exit_code = -1;
  std::string err;
  std::vector<std::string> lines;
};

// Runs crash_child MODE with `events` events per thread, with `env` (NAME=value)
// set in its environment; kills it after 30 s.
child_result run(const std::string& mode, std::uint64_t events, const std::vector<std::string>& env = {}) {
  const auto root = test_support::fresh_root("crash-" + mode);
  const std::string root_arg = root.string(), events_arg = std::to_string(events);
  const std::string err_path = (root / "stderr.txt").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  char* argv[] = {const_cast<char*>(IAL_CRASH_CHILD), const_cast<char*>(mode.c_str()),
                  const_cast<char*>(root_arg.c_str()), const_cast<char*>(events_arg.c_str()), nullptr};
  child_result r;
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view name(*e, std::strcspn(*e, "="));
    const auto same_name = [&](const std::string& set) { return set.rfind(name, 0) == 0 && set[name.size()] == '='; };
    if (std::none_of(env.begin(), env.end(), same_name)) envp.push_back(*e);
  }
  envp.push_back(nullptr);
  REQUIRE(::posix_spawn(&r.pid, IAL_CRASH_CHILD, &actions, nullptr, argv, envp.data()) == 0);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  for (int waited = 0;; waited += 5) {
    if (::waitpid(r.pid, &status, WNOHANG) == r.pid) break;
    if (waited > 30000) {
      ::kill(r.pid, SIGKILL);
      ::waitpid(r.pid, &status, 0);
      FAIL("the child hung");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.signaled = WIFSIGNALED(status);
  r.signal = r.signaled ? WTERMSIG(status) : 0;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = test_support::read_all(err_path);
  r.lines = test_support::read_lines(root / "crashy" / "crashy.log");
  return r;
}

// The process ended by `sig` (under a sanitizer, its SIGSEGV report may end it instead).
void check_died_by(const child_result& r, int sig) {
  INFO("stderr: " << r.err);
  if (under_sanitizer && !r.signaled) {
    CHECK(r.exit_code != 0);
    CHECK(r.exit_code != 3);  // 3: the signal did not end the process
  } else {
    CHECK(r.signaled);
    CHECK(r.signal == sig);
  }
  // The handler's own work drew no sanitizer report (a signal-unsafe call, a race, UB).
  CHECK(r.err.find("WARNING: ThreadSanitizer") == std::string::npos);
  CHECK(r.err.find("runtime error:") == std::string::npos);
}

struct numbered_lines {
  std::map<std::uint32_t, std::vector<std::uint64_t>> seq;  // per thread, in file order
  std::vector<std::map<std::string, std::string>> signal_lines;
  std::size_t malformed = 0;
  std::size_t signal_at = 0;  // index of the (last) signal line
};

numbered_lines sort_out(const std::vector<std::string>& lines) {
  numbered_lines out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto f = test_support::fields(lines[i]);
    if (f.empty() || !test_support::has_timestamp_prefix(lines[i])) {
      ++out.malformed;
    } else if (f["msg"] == "numbered") {
      out.seq[static_cast<std::uint32_t>(std::stoul(f["thread"]))].push_back(std::stoull(f["seq"]));
    } else if (f["msg"] == "fatal_signal") {
      out.signal_lines.push_back(f);
      out.signal_at = i;
    }
  }
  return out;
}

bool is_sequence(const std::vector<std::uint64_t>& seq, std::uint64_t n) {
  if (seq.size() != n) return false;
  for (std::uint64_t i = 0; i < n; ++i)
    if (seq[i] != i) return false;
  return true;
}

// All 3 x events numbered lines once each, in order, then one signal line naming sig.
void check_all_written(const child_result& r, std::uint64_t events, const char* sig) {
  INFO("stderr: " << r.err);
  // The events were still in the rings when the signal came: the handler wrote them.
  CHECK(r.err.find("file bytes before the signal: 0\n") != std::string::npos);
  auto got = sort_out(r.lines);
  CHECK(got.malformed == 0);
  for (std::uint32_t t = 0; t < 3; ++t) {
    INFO("thread " << t);
    CHECK(is_sequence(got.seq[t], events));
  }
  REQUIRE(got.signal_lines.size() == 1);
  auto line = got.signal_lines[0];
  CHECK(line["level"] == "CRITICAL");
  CHECK(line["logger"] == "instrukt_ai.logging");
  CHECK(line["signal"] == sig);
  CHECK(got.signal_at == r.lines.size() - 1);  // after everything the rings held
}

}  // namespace

TEST_CASE("SIGSEGV: every event in the rings is written, then the signal line, and the process dies by SIGSEGV",
          "[crash]") {
  const auto r = run("segv", 2000);
  check_died_by(r, SIGSEGV);
  check_all_written(r, 2000, "SIGSEGV");
  auto line = sort_out(r.lines).signal_lines.at(0);
  CHECK(line["signal_number"] == std::to_string(SIGSEGV));
  CHECK(r.err.find("fault address: " + line["fault_address"] + "\n") != std::string::npos);
  CHECK(line["thread_id"] == std::to_string(r.pid));  // the main thread's id is the pid
}

TEST_CASE("the lines the handler writes keep their thread's context, and the signal line the crashed thread's",
          "[crash][context]") {
  const auto r = run("context", 2000);
  check_died_by(r, SIGSEGV);
  check_all_written(r, 2000, "SIGSEGV");
  std::size_t wrong = 0;
  for (const auto& l : r.lines) {
    auto f = test_support::fields(l);
    if (f["msg"] == "numbered") wrong += f["thread_no"] != f["thread"];
  }
  CHECK(wrong == 0);
  // The signal line names the crashed thread's context (the main thread: 0).
  CHECK(sort_out(r.lines).signal_lines.at(0)["thread_no"] == "0");
}

TEST_CASE("a crash writes every thread's flight recorder before the signal line", "[crash][flight_recorder]") {
  const auto r = run("recorder", 200, {"CRASHY_FLIGHT_RECORDER=DEBUG"});
  check_died_by(r, SIGSEGV);
  check_all_written(r, 200, "SIGSEGV");
  std::map<std::string, std::vector<std::string>> recorded;  // thread -> its seqs, in file order
  std::size_t signal_at = 0, last_recorded = 0;
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    auto f = test_support::fields(r.lines[i]);
    if (f["msg"] == "fatal_signal") signal_at = i;
    if (f["msg"] != "recorded") continue;
    CHECK(f["flight_recorder"] == "true");
    CHECK(f["level"] == "DEBUG");
    recorded[f["thread"]].push_back(f["seq"]);
    last_recorded = i;
  }
  REQUIRE(recorded.size() == 3);
  for (auto& [thread, seqs] : recorded) {
    INFO("thread " << thread);
    REQUIRE(seqs.size() == 20);
    for (std::size_t i = 0; i < seqs.size(); ++i) CHECK(seqs[i] == std::to_string(i));
  }
  CHECK(last_recorded < signal_at);
}

TEST_CASE("abort(): every event in the rings is written, then the signal line, and the process dies by SIGABRT",
          "[crash]") {
  const auto r = run("abort", 2000);
  check_died_by(r, SIGABRT);
  check_all_written(r, 2000, "SIGABRT");
  auto line = sort_out(r.lines).signal_lines.at(0);
  CHECK(line["fault_address"] == "null");
  CHECK(line["sender_pid"] == std::to_string(r.pid));  // abort() raises it itself
}

TEST_CASE("stack overflow: the handler runs on its alternate stack and writes everything", "[crash]") {
  const auto r = run("overflow", 500);
  check_died_by(r, SIGSEGV);
  check_all_written(r, 500, "SIGSEGV");
}

TEST_CASE("SIGTERM, when asked, is written like a crash, and the default action still ends the process",
          "[crash]") {
  const auto r = run("term", 500);
  INFO("stderr: " << r.err);
  CHECK(r.signaled);
  CHECK(r.signal == SIGTERM);
  check_all_written(r, 500, "SIGTERM");
  CHECK(sort_out(r.lines).signal_lines.at(0)["sender_pid"] == std::to_string(r.pid));
}

TEST_CASE("SIGTERM with the service's own handler: it is called, the process goes on, and logging still works",
          "[crash]") {
  const auto r = run("term_chained", 500);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);  // 4: the service's own handler was not called
  auto got = sort_out(r.lines);
  CHECK(got.malformed == 0);
  for (std::uint32_t t = 0; t < 3; ++t) CHECK(is_sequence(got.seq.at(t), 500));
  REQUIRE(got.signal_lines.size() == 1);
  REQUIRE_FALSE(r.lines.empty());
  // The writer was handed back: the event logged after the signal is written after its line.
  auto last = test_support::fields(r.lines.back());
  CHECK(last["msg"] == "after_signal");
  CHECK(last["handled"] == "1");
  CHECK(got.signal_at == r.lines.size() - 2);
}

TEST_CASE("SIGSEGV with a handler installed before ours: ours writes, then calls it, then the process dies",
          "[crash]") {
  const auto r = run("segv_chained", 300);
  CHECK(r.err.find("previous handler ran\n") != std::string::npos);
  check_died_by(r, SIGSEGV);
  check_all_written(r, 300, "SIGSEGV");
}

TEST_CASE("a crash on the writer thread keeps the lines it had formatted and adds the signal line", "[crash]") {
  const auto r = run("writer", 300);
  check_died_by(r, SIGSEGV);
  check_all_written(r, 300, "SIGSEGV");
  const auto line = sort_out(r.lines).signal_lines.at(0);
  CHECK(line.at("thread_id") != std::to_string(r.pid));  // not the main thread: the writer's
}

TEST_CASE("a crash while the writer is busy: no line lost before the crash, none twice, none cut", "[crash]") {
  const auto r = run("busy", 20000);
  check_died_by(r, SIGSEGV);
  auto got = sort_out(r.lines);
  CHECK(got.malformed == 0);
  CHECK(is_sequence(got.seq.at(0), 20000));
  // The busy threads' events form a gapless prefix of what they logged (the rest came after the signal).
  for (std::uint32_t t = 1; t <= 2; ++t) {
    const auto& seq = got.seq[t];
    CHECK(is_sequence(seq, seq.size()));
  }
  CHECK(got.signal_lines.size() == 1);
  // The writer stayed with the handler until the process ended: nothing the
  // busy threads logged afterwards was written after the signal's line.
  CHECK(got.signal_at == r.lines.size() - 1);
}

TEST_CASE("a handler before ours that calls exit(): the writer it kept is let go, and exit drains it at once",
          "[crash]") {
  const auto started = std::chrono::steady_clock::now();
  // exit() is not async-signal-safe: TSan would report the service's own call (this test's subject).
  const char* tsan = std::getenv("TSAN_OPTIONS");
  const auto r = run("segv_exit", 300, {"TSAN_OPTIONS=" + std::string(tsan ? tsan : "") + " report_signal_unsafe=0"});
  const auto took = std::chrono::steady_clock::now() - started;
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 5);
  check_all_written(r, 300, "SIGSEGV");
  CHECK(took < std::chrono::seconds(10));  // not the 30 s a recovered process waits
}

TEST_CASE("a writer that does not stop in time: after writer_wait, the signal line alone", "[crash]") {
  const auto started = std::chrono::steady_clock::now();
  const auto r = run("stuck", 100);
  const auto took = std::chrono::steady_clock::now() - started;
  check_died_by(r, SIGSEGV);
  REQUIRE(r.lines.size() == 1);  // what the writer had formatted stays with it
  CHECK(test_support::fields(r.lines[0])["msg"] == "fatal_signal");
  CHECK(took >= std::chrono::milliseconds(200 + 300));  // the child's pause, then writer_wait
}

TEST_CASE("a crash before configure_logging writes the signal line to stderr", "[crash]") {
  const auto r = run("unconfigured", 0);
  check_died_by(r, SIGSEGV);
  CHECK(r.err.find("level=CRITICAL logger=instrukt_ai.logging msg=fatal_signal signal=SIGSEGV signal_number=11 "
                   "fault_address=0x") != std::string::npos);
}

// --- The handler's formatting, in this process -----------------------------

namespace {

namespace ial = instrukt_ai::logging;
namespace detail = instrukt_ai::logging::detail;

struct Point {
  int x, y;
};
struct Long {
  std::size_t n;
};
enum class Color : std::uint8_t { red, green };

}  // namespace

template <>
struct fmt::formatter<Point> : fmt::formatter<std::string_view> {
  auto format(const Point& p, format_context& ctx) const { return fmt::format_to(ctx.out(), "({}, {})", p.x, p.y); }
};
template <>
struct fmt::formatter<Long> : fmt::formatter<std::string_view> {
  auto format(const Long& l, format_context& ctx) const {
    auto out = ctx.out();
    for (std::size_t i = 0; i < l.n; ++i) *out++ = 'x';
    return out;
  }
};

namespace {

struct Wide {
  static constexpr ial::event_info event{"wide", ial::level::info};
  int count;
  double ratio;
  bool ok;
  std::string_view text;
  std::optional<int> maybe;
  Color color;
  Point point;
  std::chrono::milliseconds took;
  std::string owned;
  Long long_text;
};

// Fixed storage the spill target appends to (appending to a std::string would allocate).
struct fixed_sink {
  char bytes[1 << 16];
  std::size_t size = 0;
  std::string_view view() const { return {bytes, size}; }
};
void append_to_fixed(void* sink, std::string_view b) noexcept {
  auto* s = static_cast<fixed_sink*>(sink);
  const std::size_t n = std::min(b.size(), sizeof s->bytes - s->size);
  std::memcpy(s->bytes + s->size, b.data(), n);
  s->size += n;
}

std::vector<std::uint64_t> encode(const Wide& e, std::uint64_t logger_bits) {
  constexpr std::size_t limit = 4000;
  std::vector<std::uint64_t> storage((detail::record_size(e, limit) + 7) / 8);
  detail::encode_record(reinterpret_cast<std::byte*>(storage.data()), detail::record_tag<Wide>(logger_bits), 0, e,
                        limit);
  return storage;
}

// The line in signal-handler mode, through a 256-byte buffer that spills; counts allocations.
std::string format_in_handler_mode(detail::line_formatter& f, const std::vector<std::uint64_t>& record, int& allocated) {
  static fixed_sink sink;
  sink.size = 0;
  const detail::spill_target target{&append_to_fixed, &sink};
  char storage[256];
  detail::line_buffer small(storage, sizeof storage);
  small.set_spill(&target);
  f.set_in_signal_handler(true);
  allocations = 0;
  counting = true;
  f.append_line(small, reinterpret_cast<const std::byte*>(record.data()), 1'700'000'000'000'000'000);
  small.spill();
  counting = false;
  allocated = allocations.load();
  f.set_in_signal_handler(false);
  return std::string(sink.view());
}

}  // namespace

TEST_CASE("the handler's formatting allocates nothing and writes the same line as the writer", "[crash][format]") {
  const std::uint64_t logger_bits = detail::logger_registry::instance().get("crash.unit").core.tag_bits;
  std::string hostile(10000, 'a');  // longer than the value limit and than the spilling buffer
  hostile[10] = '"';
  hostile[20] = '\n';
  hostile[30] = '\xff';
  const Wide e{7, 0.25, true, hostile, std::nullopt, Color::green, {3, 4}, std::chrono::milliseconds(12),
               "owned text", {5000}};

  detail::line_formatter f(4000);
  detail::line_buffer whole;
  f.append_line(whole, reinterpret_cast<const std::byte*>(encode(e, logger_bits).data()), 1'700'000'000'000'000'000);
  const std::string expected(whole.view());
  REQUIRE(expected.find(" long_text=xxxx") != std::string::npos);

  detail::line_formatter in_handler(4000);  // its own scratch: the one above has grown
  in_handler.reserve_scratch(4096);
  int allocated = -1;
  const std::string got = format_in_handler_mode(in_handler, encode(e, logger_bits), allocated);
  if (!under_sanitizer) CHECK(allocated == 0);
  CHECK(got == expected);
}

TEST_CASE("in the handler, a value formatted by fmt is cut at the reserved scratch size", "[crash][format]") {
  const std::uint64_t logger_bits = detail::logger_registry::instance().get("crash.unit").core.tag_bits;
  const Wide e{1, 1.0, false, "t", 5, Color::red, {0, 0}, std::chrono::milliseconds(0), "", {10000}};
  detail::line_formatter f(100000);  // a limit above the scratch size
  f.reserve_scratch(4096);
  int allocated = -1;
  const std::string got = format_in_handler_mode(f, encode(e, logger_bits), allocated);
  if (!under_sanitizer) CHECK(allocated == 0);
  const auto value = test_support::fields(got.substr(0, got.size() - 1)).at("long_text");
  CHECK(value == std::string(4096, 'x') + std::string(ial::logfmt::truncation_marker));
}

TEST_CASE("the writer thread blocks SIGTERM and SIGINT, not the signals a fault raises", "[crash]") {
  test_support::configure("crash_mask");
  ial::flush();  // the writer runs
  std::string status;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task"))
    if (test_support::read_all(task.path() / "comm") == "ial-writer\n") status = test_support::read_all(task.path() / "status");
  REQUIRE_FALSE(status.empty());
  const auto at = status.find("SigBlk:\t");
  REQUIRE(at != std::string::npos);
  const std::uint64_t blocked = std::stoull(status.substr(at + 8, 16), nullptr, 16);
  const auto is_blocked = [&](int sig) { return (blocked >> (sig - 1)) & 1; };
  CHECK(is_blocked(SIGTERM));
  CHECK(is_blocked(SIGINT));
  CHECK(is_blocked(SIGHUP));
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) {
    INFO("signal " << sig);
    CHECK_FALSE(is_blocked(sig));
  }
}
