#!/usr/bin/env python3
"""Turns one benchmark run's results (results.jsonl and field_types.json in a
results folder) into the Markdown page docs/benchmarks.md, with each figure's
ratio to spdlog from the same run."""
import datetime, json, os, platform, statistics, subprocess, sys


def machine():
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    compiler = subprocess.run(["g++", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return f"{os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}", compiler


def ratio(value, peer, higher_is_better=False):
    if not peer or not value:
        return ""
    return f"×{(value / peer if higher_is_better else peer / value):.1f}"


PERCENTILES = ["p50", "p75", "p90", "p95", "p99", "p999", "max"]


def merge_rounds(rows, key, numbers):
    """One row per key: each number the median over the rounds, with its
    spread (min, max) and the round count kept alongside."""
    groups = {}
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    merged = []
    for runs in groups.values():
        m = dict(runs[0])
        m["rounds"] = len(runs)
        for n in numbers:
            values = [r[n] for r in runs]
            m[n] = round(statistics.median(values), 3)
            m[n + "_spread"] = (min(values), max(values))
        merged.append(m)
    return merged


def spread(r, n, fmt="{:g}"):
    lo, hi = r[n + "_spread"]
    return "" if r["rounds"] < 2 else f"{fmt.format(lo)}–{fmt.format(hi)}"


def http_section(rows):
    """The order service under wrk (scripts/http_bench.py): medians per variant, ratios to no logging, goals."""
    import http_bench
    runs = [r for r in rows if r["bench"] == "http"]
    counted = [r for r in rows if r["bench"] == "http_instructions"]
    if not runs and not counted:
        return []
    out = ["", "## An HTTP service under load", "",
           "scripts/http_bench.py: the order service (examples/http_service, cpp-httplib) under wrk with "
           "benchmarks/http_mix.lua (50% GET /orders/{id}, 25% POST /orders, 5% a bad POST, 20% GET /health; a "
           "traceparent on each, Authorization on a third), the same binary and flags except logging, server and "
           "wrk on the same cores."]
    if runs:
        med = http_bench.medians(runs)
        r0 = runs[0]
        base = med.get("off")
        out += [f"wrk -t {r0['wrk_threads']} -c {r0['connections']}, {r0['server_threads']} server threads, "
                f"{r0['seconds']:.0f} s a run, {max(m['rounds'] for m in med.values())} rounds with the variants "
                "interleaved; medians, and the spread of requests/s (lowest–highest round).", "",
                "| variant | requests/s | spread | vs off | p50 µs | p99 µs | vs off | p99.9 µs | lines/s | "
                "CPU µs/request | peak RSS MiB |", "|---|---|---|---|---|---|---|---|---|---|---|"]
        for v, m in med.items():
            lo, hi = m["spread"]["requests_per_s"]
            rps = f"{m['requests_per_s'] / base['requests_per_s']:.3f}" if base else ""
            p99 = f"{m['p99_us'] / base['p99_us']:.3f}" if base else ""
            out.append(f"| {v} | {m['requests_per_s']:.0f} | {lo:.0f}–{hi:.0f} | {rps} | {m['p50_us']:.0f} | "
                       f"{m['p99_us']:.0f} | {p99} | {m['p999_us']:.0f} | {m['lines_per_s']:.0f} | "
                       f"{m['cpu_us_per_request']:.1f} | {m['peak_rss_mib']:.1f} |")
        out += ["", "| goal | target | this run | |", "|---|---|---|---|"]
        out += [f"| {f} | {t} | {v} | {'met' if ok else 'not met'} |" for f, t, v, ok in http_bench.goals(med)]
    if counted:
        out += ["", "The server's instructions per request under callgrind (`--instructions`: every thread, the "
                "writer's included; the difference of a run and one three times as long, so start-up cancels out):", "",
                "| variant | instructions/request | over off |", "|---|---|---|"]
        out += [f"| {r['variant']} | {r['instructions_per_request']:,} | {r.get('over_off', 0):+,} |" for r in counted]
    return out


def main(folder):
    rows = [json.loads(l) for l in open(os.path.join(folder, "results.jsonl")) if l.strip()]
    lat = merge_rounds([r for r in rows if r["bench"] == "latency"], lambda r: (r["logger"], r["threads"]),
                       PERCENTILES)
    thr = merge_rounds([r for r in rows if r["bench"] == "throughput"], lambda r: r["logger"],
                       ["seconds", "lines_per_s", "mb_per_s", "peak_rss_kib"])
    comp = [r for r in rows if r["bench"] == "compile_time"]
    check = [r for r in rows if r["bench"] == "catalog_check"]
    instr = [r for r in rows if r["bench"] == "instructions"]
    reader = [r for r in rows if r["bench"] == "reader"]
    fleet_rows = [r for r in rows if r["bench"] == "fleet"]
    fleet_rates = sorted({int(k.split("_")[2]) for r in fleet_rows for k in r
                          if k.startswith("lag_at_") and k.endswith("_p99_ms")})
    fleet = merge_rounds(fleet_rows, lambda r: r["window"],
                         ["local_lines_per_s", "central_lines_per_s", "central_over_local",
                          "cpu_us_per_line_agent_total", "cpu_us_per_line_aggregator_total"] +
                         [f"lag_at_{rate}_{p}_ms" for rate in fleet_rates for p in ("p50", "p99")])
    cpu, compiler = machine()
    out = ["# Benchmarks", "",
           f"Generated by `scripts/bench.sh` on {datetime.date.today().isoformat()} from `{os.path.basename(folder)}`.",
           f"Machine: {cpu}. Compiler: {compiler}, CMake Release (`-O3 -DNDEBUG`).",
           "This machine is small and shared: compare rows of one run, and read the ratios (how many times",
           "better than spdlog in the same run; higher is better) before the absolute numbers.", "",
           "Peers: spdlog 1.10 async (8192-slot queue, one worker, block on overflow, file sink, a pattern giving",
           "a logfmt-like line of the same length) and a synchronous baseline (`fmt::format_to` + `fwrite` on the",
           "calling thread). Floors (latency only): `floor_rdtsc`, one TSC read per call, and `floor_ring`, a TSC",
           "read plus a 40-byte record stored into a 1 MiB per-thread ring that a second thread reads every 10 ms:",
           "what any per-thread-ring logger pays on this machine, with no level check, registry or encoding.",
           "Each latency and throughput run is repeated (rounds, loggers interleaved); every figure is the",
           "median over the rounds, and the spread column gives the lowest and highest round.", ""]

    out += ["## Hot-path latency", "",
            "Per thread, batches of 20 calls between two TSC reads, a random 2.0–2.2 ms busy wait between",
            "batches, threads pinned; an event of two `uint64` and a `double`. Nanoseconds per call.", "",
            "| logger | threads | rounds × batches | p50 | p75 | p90 | p95 | p99 | p99.9 | max | p99 spread |"
            " p50 vs spdlog | p99 vs spdlog |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in sorted(lat, key=lambda r: (r["threads"], r["logger"])):
        peer = next((p for p in lat if p["logger"] == "spdlog" and p["threads"] == r["threads"]), None)
        if r["logger"].startswith("floor_"):
            peer = None  # a floor is a bound, not a logger to compare
        out.append(f"| {r['logger']} | {r['threads']} | {r['rounds']} × {r['iterations'] * r['threads']} | "
                   f"{r['p50']:g} | {r['p75']:g} | {r['p90']:g} | {r['p95']:g} | {r['p99']:g} | {r['p999']:g} | "
                   f"{r['max']:g} | {spread(r, 'p99')} | "
                   f"{ratio(r['p50'], peer and peer['p50'])} | {ratio(r['p99'], peer and peer['p99'])} |")

    out += ["", "## Writer throughput", "",
            "Events from one thread as fast as possible, timed from the first call until every line is in the file.",
            "The calling thread is pinned to CPU 0; the logger's own thread is left to the OS (the other core).",
            "", "| logger | rounds | events | seconds | lines/s | spread (M lines/s) | MB/s | peak RSS |"
            " ring bytes/record | lines/s vs spdlog |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    peer = next((p for p in thr if p["logger"] == "spdlog"), None)
    for r in thr:
        lo, hi = r["lines_per_s_spread"]
        out.append(f"| {r['logger']} | {r['rounds']} | {r['events']} | {r['seconds']:g} | "
                   f"{r['lines_per_s'] / 1e6:.2f} M | {lo / 1e6:.2f}–{hi / 1e6:.2f} | {r['mb_per_s']:g} | "
                   f"{r['peak_rss_kib'] / 1024:.1f} MiB | {r['record_bytes'] or '–'} | "
                   f"{ratio(r['lines_per_s'], peer and peer['lines_per_s'], True)} |")

    fields = os.path.join(folder, "field_types.json")
    if os.path.exists(fields):
        bench = [b for b in json.load(open(fields))["benchmarks"] if b.get("aggregate_name") == "median"]
        cost = {}
        for b in bench:
            name, logger = b["run_name"].split("/")[0], b["run_name"].split("/")[1]
            cost.setdefault(name, {})[logger] = (b["ns_per_event"] * 1e9, b["allocs_per_event"])
        out += ["", "## Cost per call by field type", "",
                "Google Benchmark, batches of 200 calls, median of 5 repetitions; both loggers write to /dev/null.", "",
                "| event | instrukt ns | spdlog ns | vs spdlog | instrukt allocations/call |", "|---|---|---|---|---|"]
        for name, c in cost.items():
            ours, theirs = c.get("instrukt", (0, 0)), c.get("spdlog", (0, 0))
            out.append(f"| {name} | {ours[0]:.2f} | {theirs[0]:.2f} | {ratio(ours[0], theirs[0])} | {ours[1]:g} |")

    if comp:
        out += ["", "## Compile time", "",
                "`scripts/compile_time.py`, `g++ -std=c++20 -O2 -c`, both loggers in one run (spdlog as its CMake",
                "target compiles it: `SPDLOG_COMPILED_LIB`), CPU seconds (user + system), the median of the rounds.",
                "`one_tu`: 500 event types and 2,000 calls in one function, against 2,000 `spdlog::info` calls with",
                "the same fields; `spread`: the same calls in 200 functions of 10; `*_few_types`: the same calls over",
                "50 types (the marginal cost of an event type); `include_only`: the header alone; `multi_tu`: 50 TUs",
                "share a header of 500 event types, each logs 40, built 2 at a time (wall seconds; CPU in all after",
                "it). `*_declared`: with the declarations `instrukt_ai_event_catalog(... DESCRIPTORS)` generates,",
                "against spdlog's case of the same layout; the generated TU (`descriptors_seconds`) is compiled once",
                "per program. `*_pch`: the logger's header precompiled. GCC allocated MB: all that GCC's collected",
                "heap allocated (`-ftime-report`), which does not move with the machine's load.", "",
                "| case | logger | seconds | ours / spdlog | peak MB | GCC allocated MB | ms per event type | notes |",
                "|---|---|---|---|---|---|---|---|"]
        for r in comp:
            case = r.get("case", "one_tu")
            peer = next((p for p in comp if p["logger"] == "spdlog" and p.get("case", "one_tu") == r.get("peer_case", case)),
                        None)
            share = f"{r['seconds'] / peer['seconds']:.2f}" if peer and r["logger"] != "spdlog" else ""
            notes = "; ".join(f"{k} {r[k]}" for k in ("cpu_seconds", "descriptors_seconds", "pch_seconds") if k in r)
            out.append(f"| {case} | {r['logger']} | {r['seconds']} | {share} | {r.get('peak_mb', '')} | "
                       f"{r.get('gcc_allocated_mb', '')} | {r.get('marginal_ms_per_type', '')} | {notes} |")

    if instr:
        out += ["", "## Instructions (callgrind)", "",
                "`scripts/instructions.py`: a three-number event, counted by valgrind's callgrind as the difference",
                "between runs of N and 2N events, so fixed costs cancel. Counts do not move with the machine's",
                "noise; the test suite fails above 60 on the caller and 690 on the writer.", "",
                "| caller, per event | writer, per line |", "|---|---|"]
        for r in instr:
            out.append(f"| {r['caller_per_event']} | {r['writer_per_line']} |")
        scoped = [r for r in instr if "caller_per_event_in_scope" in r]
        if scoped:
            out += ["", "Inside a scope of two strings (`--contexts`, docs/context.md), in the same run: the event",
                    "alone, entering and leaving the scope, and the unit for that cost (an event of the scope's fields).",
                    "", "| caller, event in scope | writer, line in scope | caller, scope enter + exit | "
                    "writer, scope enter + exit | caller, event of the scope's fields |", "|---|---|---|---|---|"]
            for r in scoped:
                out.append(f"| {r['caller_per_event_in_scope']} | {r['writer_per_line_in_scope']} | "
                           f"{r['caller_per_scope_enter_exit']} | {r['writer_per_scope_enter_exit']} | "
                           f"{r['caller_per_event_of_the_scope_fields']} |")
        recorded = [r for r in instr if "caller_per_recorded_event" in r]
        if recorded:
            out += ["", "The flight recorder (`--recorder`, docs/control.md): the same three numbers at DEBUG, kept but",
                    "not written (the file takes INFO); then kept and written before one ERROR line. Against the",
                    "written event above, same run.", "",
                    "| caller, written event | caller, kept event | writer, kept event | writer, kept then written |",
                    "|---|---|---|---|"]
            for r in recorded:
                out.append(f"| {r['caller_per_event']} | {r['caller_per_recorded_event']} | "
                           f"{r['writer_per_recorded_event']} | {r['writer_per_recorded_event_replayed']} |")

    if check:
        out += ["", "## Catalog check", "",
                "`instrukt-ai-catalog check` on a log the library wrote (five events, strings, enums, durations,",
                "optionals), timed as a whole process: reading the catalog, every line parsed and checked.", "",
                "| lines | MB | seconds | MB/s | lines/s |", "|---|---|---|---|---|"]
        for r in check:
            out.append(f"| {r['lines']} | {r['bytes'] / 1e6:.0f} | {r['seconds']} | {r['mb_per_s']} | "
                       f"{r['lines_per_s'] / 1e6:.2f} M |")

    if reader:
        out += ["", "## Reading the logs", "",
                "`instrukt-ai-logs` (scripts/reader_speed.py) against its peer on the same files in the page cache,",
                "medians of the rounds, tool and peer alternated; both print through `wc -l`, and their line counts",
                "agree (`same`) where they should.", "",
                "| case | ours s | peer s | peer / ours | ours MB/s | lines | same |", "|---|---|---|---|---|---|---|"]
        for r in reader:
            name = r["case"].replace("|", "\\|")
            out.append(f"| {name} | {r['ours_s']} | {r.get('peer_s', '')} | {r.get('peer_over_ours', '')} | "
                       f"{r.get('ours_MB_per_s', '')} | {'/'.join(str(n) for n in r['lines'])} | {r.get('same_lines', '')} |")

    if fleet:
        lag_heads = "".join(f" lag p50/p99 at {rate // 1000}k/s (ms) |" for rate in fleet_rates)
        out += ["", "## Many hosts (rsyslog)", "",
                "scripts/fleet_speed.py: the project's agent (instrukt-ai-ship, rsyslogd, stunnel) and aggregator (stunnel,",
                "rsyslogd, instrukt-ai-central) from deploy/rsyslog, on loopback, one service logging three-number events.",
                "Throughput: the events as fast as the library writes them; the local rate is the library's own, the central",
                "rate runs from the same start until the central file is complete. CPU: user + system time of each side's",
                "processes over that phase, per line. Lag: a steady rate, both files polled every 0.5 ms; for each new local",
                "size, from the poll that saw it to the poll that saw the central file reach it. Medians of the rounds.", "",
                "| agent WINDOW | rounds | events | local lines/s | central lines/s | spread (k lines/s) | "
                "agent µs/line | aggregator µs/line |" + lag_heads,
                "|---|---|---|---|---|---|---|---|" + "---|" * len(fleet_rates)]
        for r in fleet:
            lo, hi = r["central_lines_per_s_spread"]
            lag = "".join(f" {r[f'lag_at_{rate}_p50_ms']:g} / {r[f'lag_at_{rate}_p99_ms']:g} |" for rate in fleet_rates)
            out.append(f"| {r['window']} | {r['rounds']} | {r['events']} | {r['local_lines_per_s'] / 1e6:.2f} M | "
                       f"{r['central_lines_per_s'] / 1e3:.1f} k | {lo / 1e3:.1f}–{hi / 1e3:.1f} | "
                       f"{r['cpu_us_per_line_agent_total']:g} | {r['cpu_us_per_line_aggregator_total']:g} |" + lag)
    for r in (r for r in rows if r["bench"] == "fleet_soak"):
        for k in r:
            if k.startswith("soak_") and k.endswith("_central_lines_per_s"):
                name = k[:-len("_central_lines_per_s")]
                out += ["", f"Soak ({name.split('_')[1]} at {int(name.split('_at_')[1]):,} lines/s): the central copy "
                        f"averaged {r[k]:,} lines/s from its start until complete, lag p50 {r[name + '_p50_ms']:g} ms, "
                        f"p99 {r[name + '_p99_ms']:g} ms; byte for byte: {r['byte_identical']}."]

    out += http_section(rows)

    one = next((r for r in lat if r["logger"] == "instrukt" and r["threads"] == 1), None)
    ours_thr = next((r for r in thr if r["logger"] == "instrukt"), None)
    if one and ours_thr:
        def row(what, target, value, ok):
            return f"| {what} | {target} | {value} | {'met' if ok else 'not met'} |"
        out += ["", "## Targets", "", "| figure | target | this run | |", "|---|---|---|---|",
                row("p50, 1 thread", "≤ 10 ns", f"{one['p50']} ns", one["p50"] <= 10),
                row("p99, 1 thread", "≤ 60 ns", f"{one['p99']} ns", one["p99"] <= 60),
                row("p99.9, 1 thread", "≤ 130 ns", f"{one['p999']} ns", one["p999"] <= 130),
                row("writer throughput", "≥ 10 M lines/s", f"{ours_thr['lines_per_s'] / 1e6:.2f} M",
                    ours_thr["lines_per_s"] >= 10e6),
                row("ring bytes, three-number event", "≤ 40", ours_thr["record_bytes"], ours_thr["record_bytes"] <= 40)]
        if check:
            out.append(row("catalog check", "≥ 200 MB/s", f"{check[0]['mb_per_s']} MB/s", check[0]["mb_per_s"] >= 200))

    floors = {r["logger"]: r for r in lat if r["threads"] == 1 and r["logger"] in ("floor_rdtsc", "floor_ring")}
    if one and floors:
        out += ["", "## What bounds the hot path", "",
                "The floors at 1 thread, from the same run, against ours (medians over the rounds, ns per call):", "",
                "| | p50 | p99 | p99.9 |", "|---|---|---|---|"]
        for name in ("floor_rdtsc", "floor_ring"):
            if name in floors:
                f = floors[name]
                out.append(f"| {name} | {f['p50']:g} | {f['p99']:g} | {f['p999']:g} |")
        out.append(f"| instrukt | {one['p50']:g} | {one['p99']:g} | {one['p999']:g} |")
        if "floor_rdtsc" in floors:
            out += ["", f"Every event carries its own TSC timestamp, so one `rdtsc` ({floors['floor_rdtsc']['p50']:g} ns "
                    "here) is the least a call can cost; the p50 target of 10 ns is at or below that."]
        if "floor_ring" in floors:
            f = floors["floor_ring"]
            out += [f"A bare ring store already has a tail of {f['p99']:g} / {f['p999']:g} ns (p99 / p99.9) on this "
                    f"machine; ours differs from it by {one['p99'] - f['p99']:+.1f} / {one['p999'] - f['p999']:+.1f} ns."]
    return "\n".join(out)


if __name__ == "__main__":
    print(main(sys.argv[1]))
