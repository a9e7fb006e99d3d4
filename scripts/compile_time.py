#!/usr/bin/env python3
"""Compile-time cost against spdlog, every case in the same run (the loggers in turn), g++ -O2.

Cases (one JSON line each, per logger; --out appends them):
  one_tu        one translation unit: 500 event types, 2,000 calls (spdlog: 2,000 spdlog::info calls)
  include_only  the header alone
  few_types     the same 2,000 calls over 50 event types: with one_tu, the marginal cost of an event
                type, (one_tu - few_types) / 450, reported as "marginal_ms_per_type"
  multi_tu      a service's layout: 50 TUs share one header of 500 event types and each logs 40 of
                them; built with --jobs (2) compilers at once, wall time
Each line has the seconds (wall) and the compiler's peak memory (MB; multi_tu: the largest TU's).
With GCC, one_tu also gives "gcc_allocated_mb": what GCC's garbage-collected heap allocated in all
(-ftime-report's TOTAL, a separate compile). It does not move with the machine's load, as
callgrind's counts do not: compare it across changes; peak memory then depends on when GCC collects.
spdlog is compiled as its CMake target (Debian's libspdlog-dev) has its users compile it:
-DSPDLOG_COMPILED_LIB -DSPDLOG_SHARED_LIB (its implementation in the library, not in every TU).
"""
import argparse, concurrent.futures, json, os, subprocess, sys, tempfile, time

EVENTS, CALLS, FEW, TUS, PER_TU = 500, 2000, 50, 50, 40


def events_header(types):
    out = ["#include <instrukt_ai/logging.hpp>", "#include <cstdint>", "#include <string_view>",
           "namespace ial = instrukt_ai::logging;"]
    for e in range(types):
        out.append(f"struct E{e} {{ static constexpr ial::event_info event{{\"event_{e}\", ial::level::info}}; "
                   f"std::uint64_t id_{e}; double value; std::string_view name; }};")
    return "\n".join(out) + "\n"


def ours(types, calls, first=0, header=None):
    out = [f'#include "{header}"' if header else events_header(types)]
    out.append(f"void emit_{first}(ial::logger& log, std::uint64_t i, std::string_view s) {{")
    for c in range(calls):
        out.append(f"  log.log(E{(first + c) % types}{{i + {c}, 0.5, s}});")
    out.append("}")
    return "\n".join(out) + "\n"


def spdlog(types, calls, first=0, header=None):
    out = ["#include <spdlog/spdlog.h>", "#include <cstdint>", "#include <string_view>",
           f"void emit_{first}(std::uint64_t i, std::string_view s) {{"]
    for c in range(calls):
        e = (first + c) % types
        out.append(f"  spdlog::info(\"event_{e} id_{e}={{}} value={{}} name={{}}\", i + {c}, 0.5, s);")
    out.append("}")
    return "\n".join(out) + "\n"


def include_only(logger):
    return "#include <instrukt_ai/logging.hpp>\n" if logger == "instrukt" else "#include <spdlog/spdlog.h>\n"


SPDLOG_FLAGS = ["-DSPDLOG_COMPILED_LIB", "-DSPDLOG_SHARED_LIB"]


def compile_one(path, include, compiler):
    """(seconds, peak MB) of one compile; wait4 gives the compiler's own peak RSS."""
    start = time.monotonic()
    p = subprocess.Popen([compiler, "-std=c++20", "-O2", "-c", *SPDLOG_FLAGS, "-I", include, "-I",
                          os.path.dirname(path), path, "-o", path + ".o"])
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"compile_time.py: {compiler} failed on {path}")
    return time.monotonic() - start, usage.ru_maxrss / 1024


def gcc_allocated_mb(source, include, compiler):
    """GCC's total garbage-collected allocation for this source (-ftime-report), in MB."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "tu.cpp")
        with open(path, "w") as f:
            f.write(source)
        p = subprocess.run([compiler, "-std=c++20", "-O2", "-c", *SPDLOG_FLAGS, "-I", include, path, "-o",
                            os.devnull, "-ftime-report"], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"compile_time.py: {compiler} -ftime-report failed on {path}")
    total = [line for line in p.stderr.splitlines() if line.lstrip().startswith("TOTAL")]
    if not total:
        sys.exit(f"compile_time.py: no TOTAL line in {compiler} -ftime-report's output")
    size = total[-1].split()[-1]
    return float(size[:-1]) * {"k": 1 / 1024, "M": 1, "G": 1024}[size[-1]] if size[-1] in "kMG" else float(size) / 2**20


def compile_source(source, include, compiler):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "tu.cpp")
        with open(path, "w") as f:
            f.write(source)
        return compile_one(path, include, compiler)


def multi_tu(logger, include, compiler, jobs):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "events.hpp"), "w") as f:
            f.write("#pragma once\n" + (events_header(EVENTS) if logger == "instrukt" else ""))
        paths = []
        for t in range(TUS):
            path = os.path.join(d, f"tu{t}.cpp")
            with open(path, "w") as f:
                make = ours if logger == "instrukt" else spdlog
                f.write(make(EVENTS, PER_TU, first=t * PER_TU, header="events.hpp"))
            paths.append(path)
        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            results = list(pool.map(lambda p: compile_one(p, include, compiler), paths))
        return time.monotonic() - start, max(mb for _, mb in results)


def main():
    global EVENTS, CALLS, FEW, TUS, PER_TU
    p = argparse.ArgumentParser()
    p.add_argument("--include", default=os.path.join(os.path.dirname(__file__), "..", "include"))
    p.add_argument("--compiler", default="g++")
    p.add_argument("--out")
    p.add_argument("--events", type=int, default=EVENTS, help="event types (smoke runs use a few)")
    p.add_argument("--calls", type=int, default=CALLS)
    p.add_argument("--tus", type=int, default=TUS, help="TUs of the multi_tu case (0: skip it)")
    p.add_argument("--jobs", type=int, default=2)
    a = p.parse_args()
    EVENTS, CALLS, TUS = a.events, a.calls, a.tus
    FEW = max(1, EVENTS // 10)
    PER_TU = max(1, CALLS // 50)
    results = []
    # Each case for both loggers in turn, so that a change in the machine's load
    # falls on both sides of a ratio, not on one logger's half of the run.
    cases = ["include_only", "one_tu", "few_types"] + (["multi_tu"] if TUS else [])
    rows = {"instrukt": {}, "spdlog": {}}
    for case in cases:
        for logger, make in (("instrukt", ours), ("spdlog", spdlog)):
            if case == "include_only":
                seconds, mb = compile_source(include_only(logger), a.include, a.compiler)
            elif case == "one_tu":
                seconds, mb = compile_source(make(EVENTS, CALLS), a.include, a.compiler)
            elif case == "few_types":
                seconds, mb = compile_source(make(FEW, CALLS), a.include, a.compiler)
            else:
                seconds, mb = multi_tu(logger, a.include, a.compiler, a.jobs)
            row = rows[logger]
            row[case] = seconds
            r = {"bench": "compile_time", "logger": logger, "case": case,
                 "event_types": {"one_tu": EVENTS, "few_types": FEW, "multi_tu": EVENTS}.get(case, 0),
                 "calls": {"one_tu": CALLS, "few_types": CALLS, "multi_tu": TUS * PER_TU}.get(case, 0),
                 "seconds": round(seconds, 2), "peak_mb": round(mb)}
            if case == "one_tu" and "clang" not in a.compiler:
                r["gcc_allocated_mb"] = round(gcc_allocated_mb(make(EVENTS, CALLS), a.include, a.compiler))
            if case == "few_types" and EVENTS > FEW:
                r["marginal_ms_per_type"] = round((row["one_tu"] - seconds) / (EVENTS - FEW) * 1000, 1)
            results.append(r)
            print(json.dumps(r), flush=True)
    if a.out:
        with open(a.out, "a") as f:
            for r in results:
                f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    sys.exit(main())
