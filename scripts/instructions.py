#!/usr/bin/env python3
"""Instructions per event on the caller and per line on the writer, counted by
valgrind's callgrind: the difference between a run of N and one of 2N events,
divided by N, for each thread. Counts do not move with the machine's noise, so
they guard the hot path (--max-caller, --max-writer: exit 1 above them).

  scripts/instructions.py BENCH_INSTRUCTIONS [--events N] [--max-caller I] [--max-writer I] [--contexts]
                          [--recorder] [--operations] [--out FILE]

BENCH_INSTRUCTIONS is benchmarks/instructions.cpp's binary. The caller's count
is collected inside its log_events() loop only; the writer's is its thread's
whole count (one thread of its own).
"""
import argparse, glob, json, os, re, shutil, subprocess, sys, tempfile


def callgrind(binary, events, mode, *options):
    """Instructions per thread (numbered by callgrind: 1 is main) for one run."""
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["valgrind", "--tool=callgrind", "--separate-threads=yes", f"--callgrind-out-file={d}/cg.out",
                        *options, binary, str(events), mode], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        totals = {}
        for path in glob.glob(f"{d}/cg.out-*"):
            with open(path) as f:
                m = re.search(r"^(?:summary|totals): (\d+)", f.read(), re.M)
            totals[int(path.rsplit("-", 1)[1])] = int(m.group(1)) if m else 0
        return totals


def per_event(binary, events, thread, mode, *options):
    """(count at 2N - count at N) / N for one thread: the fixed costs cancel."""
    one, two = (callgrind(binary, n, mode, *options) for n in (events, 2 * events))
    if thread not in one or thread not in two:
        sys.exit(f"instructions.py: callgrind saw threads {sorted(two)}; expected thread {thread}")
    return round((two[thread] - one[thread]) / events, 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--events", type=int, default=100000)
    p.add_argument("--max-caller", type=float)
    p.add_argument("--max-writer", type=float)
    p.add_argument("--out")
    p.add_argument("--contexts", action="store_true", help="also the costs inside a scope (context.md)")
    p.add_argument("--recorder", action="store_true", help="also the flight recorder's costs (control.md)")
    p.add_argument("--operations", action="store_true",
                   help="also an operation's cost on the caller, DEBUG off (guide.md)")
    a = p.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py: valgrind is not installed (Debian package valgrind)")
    result = {"bench": "instructions", "events": a.events,
              # main thread, inside log_events() only
              "caller_per_event": per_event(a.binary, a.events, 1, "plain", "--toggle-collect=*log_events*"),
              # thread 2: the writer, the first thread configure_logging starts
              "writer_per_line": per_event(a.binary, a.events, 2, "plain")}
    if a.contexts:
        # The same events inside a scope of two fields, and entering and leaving that scope.
        result["caller_per_event_in_scope"] = per_event(a.binary, a.events, 1, "scoped", "--toggle-collect=*log_events*")
        result["writer_per_line_in_scope"] = per_event(a.binary, a.events, 2, "scoped")
        result["caller_per_scope_enter_exit"] = per_event(a.binary, a.events, 1, "scopes", "--toggle-collect=*enter_leave*")
        result["writer_per_scope_enter_exit"] = per_event(a.binary, a.events, 2, "scopes")
        # The unit for the scope's cost: an event with the scope's two fields.
        result["caller_per_event_of_the_scope_fields"] = per_event(a.binary, a.events, 1, "strings",
                                                                   "--toggle-collect=*log_strings*")
    if a.recorder:
        # DEBUG events the flight recorder keeps (the file takes INFO): on the caller, against a
        # written event; on the writer, kept only, and kept then written before one ERROR line.
        result["caller_per_recorded_event"] = per_event(a.binary, a.events, 1, "recorded",
                                                        "--toggle-collect=*log_debug_events*")
        result["writer_per_recorded_event"] = per_event(a.binary, a.events, 2, "recorded")
        result["writer_per_recorded_event_replayed"] = per_event(a.binary, a.events, 2, "replayed")
    if a.operations:
        result["caller_per_operation_debug_off"] = per_event(a.binary, a.events, 1, "operations",
                                                             "--toggle-collect=*run_operations*")
    line = json.dumps(result)
    print(line)
    if a.out:
        with open(a.out, "a") as f:
            f.write(line + "\n")
    over = [f"{k} {result[k]} > {limit}" for k, limit in
            (("caller_per_event", a.max_caller), ("writer_per_line", a.max_writer)) if limit and result[k] > limit]
    if a.contexts and a.max_caller:
        # Inside a scope an event costs the caller what it costs outside; entering and leaving
        # together at most four events with the scope's fields (two each).
        if result["caller_per_event_in_scope"] > result["caller_per_event"]:
            over.append(f"caller_per_event_in_scope {result['caller_per_event_in_scope']} > {result['caller_per_event']}")
        limit = 4 * result["caller_per_event_of_the_scope_fields"]
        if result["caller_per_scope_enter_exit"] > limit:
            over.append(f"caller_per_scope_enter_exit {result['caller_per_scope_enter_exit']} > {limit}")
    if a.recorder and a.max_caller and result["caller_per_recorded_event"] > result["caller_per_event"]:
        # A kept event costs the caller what a written one does.
        over.append(f"caller_per_recorded_event {result['caller_per_recorded_event']} > {result['caller_per_event']}")
    if over:
        print("instructions.py: over the guard: " + "; ".join(over), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
