// Opt-in crash reporting. On a fatal signal the handler writes what every
// thread's ring holds to the log file, then one CRITICAL line naming the
// signal (msg=fatal_signal), then calls the handler that was installed before
// it and raises the signal again: the process still dies by the signal, with
// its core dump and exit status. See reliability.md (docs/, or share/doc/instrukt_ai_logging/) for the limits.
#pragma once

#include <chrono>

namespace instrukt_ai::logging {

struct fatal_signal_options {
  // Also SIGTERM and SIGINT. If the handler before ours was the default one,
  // the process still ends by the signal; if it was a function, that function
  // is called and decides (the process goes on when it returns); if the
  // signal was ignored, it stays ignored after the line is written.
  bool termination_signals = false;
  // How long the handler waits for the writer thread to finish the pass it is
  // in. If it does not (stuck on a lock the crashed thread held, or on a hung
  // disk), only the signal's line is written.
  std::chrono::milliseconds writer_wait{1000};
};

// Installs the handler for SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT (plus
// SIGTERM and SIGINT when asked), keeping each previous handler to call after
// its own work. The calling thread, and every thread at its first event, gets
// an alternate signal stack (unless it has one), so a stack overflow is
// reported too. Call it before or after configure_logging(); a later call may
// add the termination signals, and never installs a signal twice.
// Throws configuration_error if sigaction() fails.
void install_fatal_signal_handler(const fatal_signal_options& opts = {});

}  // namespace instrukt_ai::logging
