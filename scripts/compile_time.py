#!/usr/bin/env python3
"""Compile-time cost: one generated translation unit with 500 distinct event
types and 2,000 log calls, against one with 2,000 spdlog::info calls, both
compiled with -O2 in the same run. Prints (and appends to --out) one JSON line each."""
import argparse, json, os, subprocess, sys, tempfile, time

EVENTS, CALLS = 500, 2000


def ours():
    out = ["#include <instrukt_ai/logging.hpp>", "#include <cstdint>", "#include <string_view>",
           "namespace ial = instrukt_ai::logging;"]
    for e in range(EVENTS):
        out.append(f"struct E{e} {{ static constexpr ial::event_info event{{\"event_{e}\", ial::level::info}}; "
                   f"std::uint64_t id_{e}; double value; std::string_view name; }};")
    out.append("void emit_all(ial::logger& log, std::uint64_t i, std::string_view s) {")
    for c in range(CALLS):
        out.append(f"  log.log(E{c % EVENTS}{{i + {c}, 0.5, s}});")
    out.append("}")
    return "\n".join(out) + "\n"


def spdlog():
    out = ["#include <spdlog/spdlog.h>", "#include <cstdint>", "#include <string_view>",
           "void emit_all(std::uint64_t i, std::string_view s) {"]
    for c in range(CALLS):
        e = c % EVENTS
        out.append(f"  spdlog::info(\"event_{e} id_{e}={{}} value={{}} name={{}}\", i + {c}, 0.5, s);")
    out.append("}")
    return "\n".join(out) + "\n"


def compile_seconds(source, include, compiler):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "tu.cpp")
        with open(path, "w") as f:
            f.write(source)
        start = time.monotonic()
        subprocess.run([compiler, "-std=c++20", "-O2", "-c", "-I", include, path, "-o", os.path.join(d, "tu.o")],
                       check=True)
        return time.monotonic() - start


def main():
    global EVENTS, CALLS
    p = argparse.ArgumentParser()
    p.add_argument("--include", default=os.path.join(os.path.dirname(__file__), "..", "include"))
    p.add_argument("--compiler", default="g++")
    p.add_argument("--out")
    p.add_argument("--events", type=int, default=EVENTS, help="event types (smoke runs use a few)")
    p.add_argument("--calls", type=int, default=CALLS)
    a = p.parse_args()
    EVENTS, CALLS = a.events, a.calls
    for logger, source in (("instrukt", ours()), ("spdlog", spdlog())):
        line = json.dumps({"bench": "compile_time", "logger": logger, "event_types": EVENTS if logger == "instrukt" else 0,
                           "calls": CALLS, "seconds": round(compile_seconds(source, a.include, a.compiler), 2)})
        print(line)
        if a.out:
            with open(a.out, "a") as f:
                f.write(line + "\n")


if __name__ == "__main__":
    sys.exit(main())
