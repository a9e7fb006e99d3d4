#!/usr/bin/env python3
"""Compile-time cost against spdlog, every case in the same run (the loggers in turn), g++ -O2.

Cases (one JSON line each, per logger; --out appends them):
  include_only       the header alone
  one_tu             one TU: 500 event types, 2,000 calls, all in one function
                     (spdlog: 2,000 spdlog::info calls with the same fields)
  few_types          the same 2,000 calls over 50 event types: with one_tu, the marginal cost of
                     an event type, (one_tu - few_types) / 450, as "marginal_ms_per_type"
  spread             a service's layout of the 500-type TU: the 2,000 calls in 200 functions of 10
  spread_few_types   the same over 50 types: the marginal cost of an event type when spread
  multi_tu           50 TUs share one header of 500 event types and each logs 40 of them; built
                     with --jobs (2) compilers at once (seconds: wall; cpu_seconds: all compilers)
Ours only, each against spdlog's case of the same layout ("peer_case"):
  *_declared         one_tu, few_types, spread and spread_few_types, the TU including the
                     declarations that instrukt_ai_event_catalog(... DESCRIPTORS) generates;
                     "descriptors_seconds" is the generated TU, compiled once per program (written
                     here as the generator writes it); the few-type cases give the marginal cost
  multi_tu_declared  multi_tu the same way: the 50 TUs and the generated TU in one pool
Both loggers, with their header precompiled (GCC's .gch; "pch_seconds" builds it):
  include_only_pch, multi_tu_pch
--before DIR adds logger "before": ours from another include folder (an earlier commit), in every
case that has no declarations.

seconds: CPU (user + system) of the compiler, the median of --rounds rounds; each round runs every
case for each logger in turn, so that a change in the machine's load falls on both sides of a ratio.
peak_mb: the compiler's peak memory (multi-TU cases: the largest TU's). On one_tu and spread (and
their declared cases), GCC also gives "gcc_allocated_mb": what its garbage-collected heap allocated in all (-ftime-report's
TOTAL, a separate compile). It does not move with the machine's load, as callgrind's counts do not.
spdlog is compiled as its CMake target (Debian's libspdlog-dev) has its users compile it:
-DSPDLOG_COMPILED_LIB -DSPDLOG_SHARED_LIB (its implementation in the library, not in every TU).
"""
import argparse, concurrent.futures, json, os, statistics, subprocess, sys, tempfile, time

EVENTS, CALLS, FEW, TUS, PER_TU, PER_FUNCTION = 500, 2000, 50, 50, 40, 10
SPDLOG_FLAGS = ["-DSPDLOG_COMPILED_LIB", "-DSPDLOG_SHARED_LIB"]
HEADERS = {"instrukt": "instrukt_ai/logging.hpp", "before": "instrukt_ai/logging.hpp", "spdlog": "spdlog/spdlog.h"}


def events_header(types):
    out = ["#include <instrukt_ai/logging.hpp>", "#include <cstdint>", "#include <string_view>",
           "namespace ial = instrukt_ai::logging;"]
    for e in range(types):
        out.append(f"struct E{e} {{ static constexpr ial::event_info event{{\"event_{e}\", ial::level::info}}; "
                   f"std::uint64_t id_{e}; double value; std::string_view name; }};")
    return "\n".join(out) + "\n"


def declarations(types):
    """What the catalog's generated header adds for these types (catalog_descriptors.hpp)."""
    out = ["#include <instrukt_ai/logging/detail/event/declared_event.hpp>", "namespace instrukt_ai::logging::detail {"]
    for e in range(types):  # no field is an `id` key: whole_fields 0
        out.append(f"template <> struct declared_event<::E{e}> {{ static constexpr std::uint64_t whole_fields = 0x0; }};")
        out.append(f"template <> const descriptor event_descriptor<::E{e}>::value;")
    return "\n".join(out) + "\n}\n"


def descriptors_source(types, header):
    """The catalog's generated TU: each event checked and described once."""
    out = [f'#include "{header}"', "#include <instrukt_ai/logging/catalog_descriptors.hpp>",
           "namespace instrukt_ai::logging::detail {"]
    for e in range(types):
        out.append(f"static_assert(valid_event<::E{e}> && declared_event<::E{e}>::whole_fields == "
                   f"whole_fields_of<::E{e}>());")
        out.append(f"template <> const descriptor event_descriptor<::E{e}>::value = descriptor_of<::E{e}>;")
        out += [f"static_assert(__builtin_offsetof(::E{e}, {f}) == struct_fields<field_tuple<::E{e}>>::offsets[{i}]);"
                for i, f in enumerate((f"id_{e}", "value", "name"))]
    return "\n".join(out) + "\n}\n"


def functions(calls, first, per_function, params, call):
    """The calls, `per_function` to a function (all in one when None)."""
    out, per = [], per_function or calls
    for start in range(0, calls, per):
        out.append(f"void emit_{first + start}({params}) {{")
        out += [call(c) for c in range(start, min(calls, start + per))]
        out.append("}")
    return out


def ours(types, calls, first=0, header=None, per_function=None):
    out = [f'#include "{header}"' if header else events_header(types)]
    out += functions(calls, first, per_function, "ial::logger& log, std::uint64_t i, std::string_view s",
                     lambda c: f"  log.log(E{(first + c) % types}{{i + {c}, 0.5, s}});")
    return "\n".join(out) + "\n"


def spdlog(types, calls, first=0, header=None, per_function=None):
    out = ["#include <spdlog/spdlog.h>", "#include <cstdint>", "#include <string_view>"]
    out += functions(calls, first, per_function, "std::uint64_t i, std::string_view s",
                     lambda c: f"  spdlog::info(\"event_{(first + c) % types} id_{(first + c) % types}={{}} "
                               f"value={{}} name={{}}\", i + {c}, 0.5, s);")
    return "\n".join(out) + "\n"


def compile_one(path, include, compiler, extra=()):
    """(CPU seconds, peak MB) of one compile; wait4 gives the compiler's own usage."""
    p = subprocess.Popen([compiler, "-std=c++20", "-O2", "-c", *SPDLOG_FLAGS, *extra, "-I", include, "-I",
                          os.path.dirname(path), path, "-o", path + ".o"])
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"compile_time.py: {compiler} failed on {path}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def read(folder, name):
    with open(os.path.join(folder, name)) as f:
        return f.read()


def gcc_allocated_mb(source, include, compiler, headers={}):
    """GCC's total garbage-collected allocation for this source (-ftime-report), in MB."""
    with tempfile.TemporaryDirectory() as d:
        for name, text in headers.items():
            write(d, name, text)
        path = write(d, "tu.cpp", source)
        p = subprocess.run([compiler, "-std=c++20", "-O2", "-c", *SPDLOG_FLAGS, "-I", include, "-I", d, path, "-o",
                            os.devnull, "-ftime-report"], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"compile_time.py: {compiler} -ftime-report failed")
    total = [line for line in p.stderr.splitlines() if line.lstrip().startswith("TOTAL")]
    if not total:
        sys.exit(f"compile_time.py: no TOTAL line in {compiler} -ftime-report's output")
    size = total[-1].split()[-1]
    return float(size[:-1]) * {"k": 1 / 1024, "M": 1, "G": 1024}[size[-1]] if size[-1] in "kMG" else float(size) / 2**20


def precompile(folder, logger, include, compiler):
    """Builds folder/pch.hpp(.gch) of the logger's header; returns (the -include flags, CPU seconds)."""
    header = write(folder, "pch.hpp", f"#include <{HEADERS[logger]}>\n")
    p = subprocess.Popen([compiler, "-std=c++20", "-O2", *SPDLOG_FLAGS, "-I", include, "-x", "c++-header", header,
                          "-o", header + ".gch"])
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"compile_time.py: {compiler} could not precompile {HEADERS[logger]}")
    return ["-include", header, "-Winvalid-pch"], usage.ru_utime + usage.ru_stime


def run_case(case, logger, include, a):
    """The case's numbers for one logger: a dict with seconds, peak_mb and any extras."""
    make = spdlog if logger == "spdlog" else ours
    per = PER_FUNCTION if case.startswith("spread") else None
    with tempfile.TemporaryDirectory() as d:
        if case in ("include_only", "include_only_pch"):
            flags, pch = precompile(d, logger, include, a.compiler) if case.endswith("_pch") else ([], None)
            seconds, mb = compile_one(write(d, "tu.cpp", f"#include <{HEADERS[logger]}>\n"), include, a.compiler, flags)
            return {"seconds": seconds, "peak_mb": mb, **({"pch_seconds": pch} if pch else {})}
        if case in ("one_tu", "few_types", "spread", "spread_few_types"):
            types = FEW if "few" in case else EVENTS
            return dict(zip(("seconds", "peak_mb"),
                            compile_one(write(d, "tu.cpp", make(types, CALLS, per_function=per)), include, a.compiler)))
        if case in DECLARED_TU:
            types = FEW if "few" in case else EVENTS
            write(d, "events.hpp", "#pragma once\n" + events_header(types) + declarations(types))
            source = make(types, CALLS, header="events.hpp", per_function=per)
            seconds, mb = compile_one(write(d, "tu.cpp", source), include, a.compiler)
            described, _ = compile_one(write(d, "descriptors.cpp", descriptors_source(types, "events.hpp")),
                                       include, a.compiler)
            r = {"seconds": seconds, "peak_mb": mb, "descriptors_seconds": described}
            if a.allocated and "few" not in case and "clang" not in a.compiler:
                r["gcc_allocated_mb"] = gcc_allocated_mb(source, include, a.compiler, {"events.hpp": read(d, "events.hpp")})
            return r
        # The multi-TU cases: 50 TUs (and the generated TU), --jobs at a time.
        declared = case == "multi_tu_declared"
        head = events_header(EVENTS) + (declarations(EVENTS) if declared else "") if logger != "spdlog" else ""
        write(d, "events.hpp", "#pragma once\n" + head)
        flags, pch = precompile(d, logger, include, a.compiler) if case.endswith("_pch") else ([], None)
        paths = [write(d, f"tu{t}.cpp", make(EVENTS, PER_TU, first=t * PER_TU, header="events.hpp")) for t in range(TUS)]
        if declared:
            paths.append(write(d, "descriptors.cpp", descriptors_source(EVENTS, "events.hpp")))
        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
            results = list(pool.map(lambda p: compile_one(p, include, a.compiler, flags), paths))
        return {"seconds": time.monotonic() - start, "cpu_seconds": sum(s for s, _ in results),
                "peak_mb": max(mb for _, mb in results), **({"pch_seconds": pch} if pch else {})}


CASES = ["include_only", "one_tu", "few_types", "spread", "spread_few_types", "one_tu_declared", "few_types_declared",
         "spread_declared", "spread_few_types_declared", "multi_tu", "multi_tu_declared", "include_only_pch",
         "multi_tu_pch"]
DECLARED_TU = [c for c in CASES if c.endswith("_declared") and not c.startswith("multi")]
PEER_CASE = {c: c[:-len("_declared")] for c in CASES if c.endswith("_declared")}
TYPES = {"one_tu": "EVENTS", "few_types": "FEW", "spread": "EVENTS", "spread_few_types": "FEW",
         "multi_tu": "EVENTS", "multi_tu_pch": "EVENTS"}
TYPES.update({c: TYPES[PEER_CASE[c]] for c in PEER_CASE})
MARGINAL_BASE = {"few_types": "one_tu", "spread_few_types": "spread", "few_types_declared": "one_tu_declared",
                 "spread_few_types_declared": "spread_declared"}


def main():
    global EVENTS, CALLS, FEW, TUS, PER_TU
    p = argparse.ArgumentParser()
    p.add_argument("--include", default=os.path.join(os.path.dirname(__file__), "..", "include"))
    p.add_argument("--before", help="an earlier commit's include folder: adds logger 'before'")
    p.add_argument("--compiler", default="g++")
    p.add_argument("--out")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--cases", default=",".join(CASES), help="comma-separated, of: " + " ".join(CASES))
    p.add_argument("--events", type=int, default=EVENTS, help="event types (smoke runs use a few)")
    p.add_argument("--calls", type=int, default=CALLS)
    p.add_argument("--tus", type=int, default=TUS, help="TUs of the multi-TU cases")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--no-allocated", dest="allocated", action="store_false", help="skip the -ftime-report compiles")
    a = p.parse_args()
    EVENTS, CALLS, TUS = a.events, a.calls, a.tus
    FEW = max(1, EVENTS // 10)
    PER_TU = max(1, CALLS // TUS)
    cases = [c for c in a.cases.split(",") if c]
    if unknown := [c for c in cases if c not in CASES]:
        sys.exit(f"compile_time.py: unknown case {unknown[0]!r}; the cases are: {' '.join(CASES)}")
    loggers = {"instrukt": os.path.abspath(a.include), "spdlog": os.path.abspath(a.include)}
    if a.before:
        loggers = {"before": os.path.abspath(a.before), **loggers}
    runs = {}  # (case, logger) -> list of result dicts
    for _ in range(a.rounds):
        for case in cases:
            for logger, include in loggers.items():
                if case in PEER_CASE and logger != "instrukt":
                    continue
                runs.setdefault((case, logger), []).append(run_case(case, logger, include, a))
    results, seconds = [], {}
    for (case, logger), rs in runs.items():
        med = {k: statistics.median(r[k] for r in rs) for k in rs[0]}
        seconds[(case, logger)] = med["seconds"]
        calls = TUS * PER_TU if case.startswith("multi") else CALLS
        r = {"bench": "compile_time", "logger": logger, "case": case, "peer_case": PEER_CASE.get(case, case),
             "event_types": globals()[TYPES[case]] if case in TYPES else 0,
             "calls": calls if case in TYPES else 0, "rounds": len(rs),
             **{k: round(v, 2) for k, v in med.items() if k not in ("peak_mb", "gcc_allocated_mb")},
             "peak_mb": round(med["peak_mb"])}
        if "gcc_allocated_mb" in med:
            r["gcc_allocated_mb"] = round(med["gcc_allocated_mb"])
        if case in ("one_tu", "spread") and a.allocated and "clang" not in a.compiler:
            make = spdlog if logger == "spdlog" else ours
            r["gcc_allocated_mb"] = round(gcc_allocated_mb(
                make(EVENTS, CALLS, per_function=PER_FUNCTION if case == "spread" else None),
                loggers[logger], a.compiler))
        base = MARGINAL_BASE.get(case)
        if base and (base, logger) in seconds and EVENTS > FEW:
            r["marginal_ms_per_type"] = round((seconds[(base, logger)] - med["seconds"]) / (EVENTS - FEW) * 1000, 1)
        results.append(r)
        print(json.dumps(r), flush=True)
    if a.out:
        with open(a.out, "a") as f:
            for r in results:
                f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    sys.exit(main())
