// The fatal-signal handler: write the rings and one line, call the handler
// that was there before, raise the signal again. Everything reached from
// on_fatal_signal is async-signal-safe: no allocation, no lock, no stdio.
#include "alt_stack.hpp"
#include "signal_line.hpp"
#include "signal_safe.hpp"

#include "../config/logger_registry.hpp"
#include "../runtime.hpp"

#include <instrukt_ai/logging/configure.hpp>
#include <instrukt_ai/logging/fatal_signals.hpp>

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <string>

namespace instrukt_ai::logging {
namespace detail {
namespace {

constexpr int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
constexpr int termination_signals[] = {SIGTERM, SIGINT};

struct handled_signal {
  std::atomic<bool> installed{false};
  struct sigaction previous {};  // called after ours
};
handled_signal handled[NSIG];

std::mutex install_mutex;
std::atomic<std::int64_t> writer_wait_ms{1000};
std::atomic<std::uint16_t> internal_logger_id{0};
std::atomic<long> reporting_thread{0};  // the thread writing its report now, or 0

bool is_termination(int signo) noexcept { return signo == SIGTERM || signo == SIGINT; }

std::string_view signal_name(int signo) noexcept {
  switch (signo) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    default: return "unknown";
  }
}

std::string_view hex_address(const void* address, char (&out)[2 + 16]) noexcept {
  auto v = reinterpret_cast<std::uintptr_t>(address);
  char digits[16];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v & 0xF];
    v >>= 4;
  } while (v != 0);
  out[0] = '0';
  out[1] = 'x';
  for (int i = 0; i < n; ++i) out[2 + i] = digits[n - 1 - i];
  return {out, static_cast<std::size_t>(2 + n)};
}

void write_to_stderr(void*, std::string_view bytes) noexcept {
  while (!bytes.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// What was there before ours, and so what follows our report.
enum class before_ours { default_action, ignored, handler };

before_ours previous_kind(int signo) noexcept {
  const struct sigaction& previous = handled[signo].previous;
  if ((previous.sa_flags & SA_SIGINFO) != 0)
    return previous.sa_sigaction != nullptr ? before_ours::handler : before_ours::default_action;
  if (previous.sa_handler == SIG_IGN) return before_ours::ignored;
  return previous.sa_handler == SIG_DFL ? before_ours::default_action : before_ours::handler;
}

// The process ends after the report: a crash signal never returns to the
// faulting code; a termination signal goes on only to the service's own
// handler (or was ignored).
bool ends_the_process(int signo) noexcept {
  return !is_termination(signo) || previous_kind(signo) == before_ours::default_action;
}

// The rings, then the signal's line: to the log file, or to stderr when
// logging is not configured (or shut down).
void report(int signo, const siginfo_t* info, long tid) noexcept {
  char address[2 + 16];
  fatal_signal e{signal_name(signo), signo, std::nullopt, std::nullopt, tid};
  if (info != nullptr) {
    const bool from_the_kernel = info->si_code > 0;  // a fault, not kill() or raise()
    if (from_the_kernel && !is_termination(signo) && signo != SIGABRT)
      e.fault_address = hex_address(info->si_addr, address);
    if (info->si_code == SI_USER || info->si_code == SI_TKILL || info->si_code == SI_QUEUE)
      e.sender_pid = info->si_pid;
  }
  if (writer* w = running_writer())
    w->write_for_signal(e, std::chrono::milliseconds(writer_wait_ms.load(std::memory_order_relaxed)),
                        ends_the_process(signo));
  else
    write_signal_line(e, internal_logger_id.load(std::memory_order_relaxed), spill_target{&write_to_stderr, nullptr});
}

[[noreturn]] void die_by(int signo) noexcept {
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  ::sigaction(signo, &default_action, nullptr);
  sigset_t only{};
  sigemptyset(&only);
  sigaddset(&only, signo);
  ::pthread_sigmask(SIG_UNBLOCK, &only, nullptr);
  ::raise(signo);  // delivered before raise() returns: the process ends here
  ::_exit(128 + signo);
}

// The handler that was installed before ours, then the signal's own effect.
void pass_on(int signo, siginfo_t* info, void* context) noexcept {
  const struct sigaction& previous = handled[signo].previous;
  switch (previous_kind(signo)) {
    case before_ours::handler:
      if ((previous.sa_flags & SA_SIGINFO) != 0)
        previous.sa_sigaction(signo, info, context);
      else
        previous.sa_handler(signo);
      if (is_termination(signo)) return;  // the service's own handler decides
      break;
    case before_ours::ignored:
      if (is_termination(signo)) return;  // it was ignored: it still is
      break;
    case before_ours::default_action: break;
  }
  die_by(signo);  // a crash signal never returns to the faulting code
}

extern "C" void on_fatal_signal(int signo, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  const long me = signal_safe::thread_id();
  long holder = 0;
  bool mine = reporting_thread.compare_exchange_strong(holder, me);
  if (!mine && holder != me) {
    // Another thread is writing its report: let it finish (the process may end there).
    const std::int64_t deadline = signal_safe::monotonic_ms() + writer_wait_ms.load(std::memory_order_relaxed) + 1000;
    while (!mine && signal_safe::monotonic_ms() < deadline) {
      signal_safe::nap();
      holder = 0;
      mine = reporting_thread.compare_exchange_strong(holder, me);
    }
  }
  if (mine) {
    report(signo, info, me);
    // A service's own SIGTERM handler may run long: other signals are reported meanwhile.
    if (is_termination(signo)) reporting_thread.store(0);
  }
  pass_on(signo, info, context);
  errno = saved_errno;
}

void install(int signo, const struct sigaction& ours) {
  handled_signal& h = handled[signo];
  if (h.installed.load()) return;
  // The previous handler is stored before ours can run.
  if (::sigaction(signo, nullptr, &h.previous) != 0 || ::sigaction(signo, &ours, nullptr) != 0)
    throw configuration_error("instrukt_ai::logging: cannot install the fatal-signal handler for " +
                              std::string(signal_name(signo)) + ": " + std::strerror(errno));
  h.installed.store(true);
}

}  // namespace
}  // namespace detail

void install_fatal_signal_handler(const fatal_signal_options& opts) {
  using namespace detail;
  std::lock_guard lock(install_mutex);
  writer_wait_ms.store(std::clamp<std::int64_t>(opts.writer_wait.count(), 0, 60'000));
  const auto& internal = logger_registry::instance().get(internal_logger_name);
  internal_logger_id.store(static_cast<std::uint16_t>(internal.core.tag_bits >> logger_id_shift));

  struct sigaction ours {};
  ours.sa_sigaction = &on_fatal_signal;
  ours.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigemptyset(&ours.sa_mask);  // while ours runs, the other signals it handles wait
  for (int s : crash_signals) sigaddset(&ours.sa_mask, s);
  for (int s : termination_signals) sigaddset(&ours.sa_mask, s);

  for (int s : crash_signals) install(s, ours);
  if (opts.termination_signals)
    for (int s : termination_signals) install(s, ours);

  alt_stacks_wanted.store(true, std::memory_order_relaxed);
  ensure_alt_stack();
}

}  // namespace instrukt_ai::logging
