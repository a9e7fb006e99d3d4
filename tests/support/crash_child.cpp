// A child process for the fatal-signal tests: crash_child MODE ROOT EVENTS
// It installs the handler, configures logging with a 10 s flush interval (so
// the events are still in the rings when it crashes), logs EVENTS numbered
// events on the main thread and EVENTS on each of two live threads, reports
// the log file's size on stderr, then:
//   segv          writes to a page mapped without access
//   abort         calls std::abort()
//   overflow      recurses until the stack overflows
//   term          sends itself SIGTERM (the default action was in place)
//   term_chained  raises SIGTERM with its own handler installed before ours;
//                 logs "after_signal" once that returns, and exits 0
//   segv_chained  writes to such a page with its own SIGSEGV handler
//                 installed before ours ("previous handler ran" on stderr)
//   segv_exit     the same, but its own handler calls exit(5)
//   context       segv, each thread logging inside a scope (thread_no=its number)
//   recorder      segv, each thread first logging 20 DEBUG events (not
//                 written: the test turns the flight recorder on)
//   writer        logs an event whose formatting crashes the writer thread
//   busy          two threads log without pause into small rings (the writer
//                 is busy) while the main thread logs EVENTS, then segv
//   unconfigured  no configure_logging(): writes to such a page
//   stuck         the writer hangs formatting an event; the handler waits
//                 writer_wait (300 ms) for it, then writes only its line
#include "numbered.hpp"

#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/formatted.hpp>

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <sys/mman.h>
#include <unistd.h>

namespace ial = instrukt_ai::logging;
using test_support::Numbered;

namespace {

struct Bomb {
  int unused;
};
struct Detonate {
  static constexpr ial::event_info event{"detonate", ial::level::info};
  Bomb bomb;
};
struct Stall {
  int unused;
};
struct Stuck {
  static constexpr ial::event_info event{"stuck", ial::level::info};
  Stall stall;
};
struct Where {
  static constexpr ial::context_info context{"where"};
  std::uint32_t thread_no;
};
struct Recorded {
  static constexpr ial::event_info event{"recorded", ial::level::debug};
  std::uint32_t thread;
  std::uint64_t seq;
};
struct AfterSignal {
  static constexpr ial::event_info event{"after_signal", ial::level::info};
  int handled;
};

volatile std::sig_atomic_t own_handler_ran = 0;

void say(const char* text) { [[maybe_unused]] auto n = ::write(STDERR_FILENO, text, std::strlen(text)); }

// A real fault (a null pointer would be caught first by UBSan): a store to a
// page mapped without access. Its address goes to stderr first.
void write_to_protected_page() {
  void* page = ::mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char line[64];
  std::snprintf(line, sizeof line, "fault address: %p\n", page);
  say(line);
  *static_cast<volatile int*>(page) = 1;
}

volatile long recursion_limit = 1L << 40;  // never reached: the stack ends first
long recurse(long depth) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  if (depth == recursion_limit) return 0;
  return recurse(depth + 1) + frame[0];
}

}  // namespace

template <>
struct fmt::formatter<Bomb> : fmt::formatter<std::string_view> {
  auto format(const Bomb&, format_context& ctx) const {
    write_to_protected_page();
    return fmt::format_to(ctx.out(), "unreachable");
  }
};

template <>
struct fmt::formatter<Stall> : fmt::formatter<std::string_view> {
  auto format(const Stall&, format_context& ctx) const {
    while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
    return ctx.out();
  }
};

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  const std::string mode = argv[1];
  const auto events = std::stoull(argv[3]);

  if (mode == "term_chained") {
    struct sigaction own {};
    own.sa_handler = [](int) { own_handler_ran = 1; };
    sigemptyset(&own.sa_mask);
    ::sigaction(SIGTERM, &own, nullptr);
  }
  if (mode == "segv_chained" || mode == "segv_exit") {
    struct sigaction own {};
    if (mode == "segv_exit")
      own.sa_sigaction = [](int, siginfo_t*, void*) { std::exit(5); };
    else
      own.sa_sigaction = [](int, siginfo_t*, void*) { say("previous handler ran\n"); };
    own.sa_flags = SA_SIGINFO;
    sigemptyset(&own.sa_mask);
    ::sigaction(SIGSEGV, &own, nullptr);
  }
  ial::fatal_signal_options fatal;
  fatal.termination_signals = mode == "term" || mode == "term_chained";
  if (mode == "stuck") fatal.writer_wait = std::chrono::milliseconds(300);
  ial::install_fatal_signal_handler(fatal);
  if (mode == "unconfigured") write_to_protected_page();

  ial::options opts;
  opts.log_root = argv[2];
  opts.flush_interval = std::chrono::seconds(10);
  if (mode == "busy") {
    opts.ring_bytes = 64 << 10;
    opts.flush_interval = std::chrono::milliseconds(1);
  }
  opts.startup_line = false;  // the tests count the lines it writes
  const auto path = ial::configure_logging("crashy", opts);
  ial::flush();  // the writer's first pass is over: it sleeps until the signal
  auto log = ial::get_logger("crashy");

  // Two live threads: their rings hold their events when the process crashes.
  std::atomic<int> threads_done{0};
  for (std::uint32_t t = 1; t <= 2; ++t)
    std::thread([&, t] {
      std::optional<ial::scoped_context> scope;
      if (mode == "context") scope.emplace(Where{t});
      auto own = ial::get_logger("crashy");
      if (mode == "recorder")
        for (std::uint64_t i = 0; i < 20; ++i) own.log(Recorded{t, i});
      if (mode == "busy")
        for (std::uint64_t i = 0;; ++i) own.log(Numbered{t, i, "busy"});
      for (std::uint64_t i = 0; i < events; ++i) own.log(Numbered{t, i, "thread"});
      threads_done.fetch_add(1);
      while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
    }).detach();
  std::optional<ial::scoped_context> scope;
  if (mode == "context") scope.emplace(Where{0});
  if (mode == "recorder")
    for (std::uint64_t i = 0; i < 20; ++i) log.log(Recorded{0, i});
  for (std::uint64_t i = 0; i < events; ++i) log.log(Numbered{0, i, "main"});
  if (mode != "busy")
    while (threads_done.load() != 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::fprintf(stderr, "file bytes before the signal: %ju\n", static_cast<std::uintmax_t>(std::filesystem::file_size(path)));
  std::fflush(stderr);

  if (mode == "stuck") {
    log.log(Stuck{{0}});
    std::thread([] { ial::flush(); }).detach();  // wakes the writer, which hangs on the event
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (mode == "segv" || mode == "segv_chained" || mode == "segv_exit" || mode == "busy" || mode == "stuck" ||
      mode == "context" || mode == "recorder")
    write_to_protected_page();
  if (mode == "abort") std::abort();
  if (mode == "overflow") return static_cast<int>(recurse(0));
  if (mode == "term") ::kill(::getpid(), SIGTERM);
  if (mode == "term_chained") {
    ::raise(SIGTERM);
    log.log(AfterSignal{own_handler_ran});
    return own_handler_ran ? 0 : 4;
  }
  if (mode == "writer") {
    log.log(Detonate{{0}});
    ial::flush();  // wakes the writer, which crashes formatting the event
  }
  std::this_thread::sleep_for(std::chrono::seconds(10));
  return 3;  // the signal did not end the process
}
