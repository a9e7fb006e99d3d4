#!/usr/bin/env python3
"""What logging costs a request: the order service (examples/http_service) under
wrk, in interleaved rounds, once per logging variant, the same binary and flags
except logging. Per run: wrk's requests/s and latency percentiles, the log's
lines/s, the server's CPU per request (getrusage) and peak RSS. The report
gives medians over the rounds, their spread, and each variant's ratio to no
logging.

  scripts/http_bench.py BUILD/examples/http_service/orders_service
      [--rounds 5] [--seconds 8] [--connections 16] [--wrk-threads 1]
      [--variants off,ours_info_access,...] [--out results.jsonl]
"""
import argparse, http.client, json, os, pathlib, random, signal, statistics, subprocess, sys, tempfile, time

MIX = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "http_mix.lua"

# name: (--logging, extra flags, environment)
VARIANTS = {
    "off": ("off", [], {}),
    "ours_info_access": ("ours", ["--access-log"], {"ORDERS_LOG_LEVEL": "INFO"}),
    "ours_debug": ("ours", [], {"ORDERS_LOG_LEVEL": "DEBUG"}),
    "ours_info_access_recorder": ("ours", ["--access-log"],
                                  {"ORDERS_LOG_LEVEL": "INFO", "ORDERS_FLIGHT_RECORDER": "DEBUG"}),
    "spdlog_info_access": ("spdlog", ["--access-log"], {"ORDERS_LOG_LEVEL": "INFO"}),
    "spdlog_debug": ("spdlog", [], {"ORDERS_LOG_LEVEL": "DEBUG"}),
}
# The peer each of ours is compared with (the same lines).
PEERS = {"ours_info_access": "spdlog_info_access", "ours_debug": "spdlog_debug"}
NUMBERS = ["requests_per_s", "p50_us", "p99_us", "p999_us", "lines_per_s", "cpu_us_per_request", "peak_rss_mib"]


def start(service, variant, folder, threads):
    logging, flags, env = VARIANTS[variant]
    cmd = [service, "--port", "0", "--threads", str(threads), "--logging", logging] + flags
    if logging == "spdlog":
        cmd += ["--spdlog-file", str(folder / "orders" / "orders.spdlog.log")]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ORDERS_")}
    environment.update(env, INSTRUKT_AI_LOG_ROOT=str(folder))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=environment)
    line = proc.stdout.readline()
    if not line.startswith("listening on http://"):
        proc.kill()
        sys.exit(f"http_bench: {variant}: the service did not start ({line.strip() or 'no output'})")
    return proc, int(line.rsplit(":", 1)[1])


def preload(port, orders=1000):
    """The orders the mix reads (ids 1..1000, tenant bench), over one connection."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for i in range(orders):
        c.request("POST", "/orders", body=json.dumps({"sku": f"SKU-{i}", "quantity": 1}),
                  headers={"X-Tenant": "bench", "Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        if r.status not in (201, 503):
            sys.exit(f"http_bench: preloading an order gave HTTP {r.status}")
    c.close()


def lines_in(path):
    if not path or not os.path.exists(path):
        return 0
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def one_run(a, variant):
    with tempfile.TemporaryDirectory(prefix="ial-http-bench-") as tmp:
        folder = pathlib.Path(tmp)
        proc, port = start(a.service, variant, folder, a.server_threads)
        try:
            preload(port)
            log_file = folder / "orders" / ("orders.spdlog.log" if VARIANTS[variant][0] == "spdlog" else "orders.log")
            lines_before = lines_in(log_file)
            wrk = subprocess.run(["wrk", "-t", str(a.wrk_threads), "-c", str(a.connections), "-d", f"{a.seconds}s",
                                  "--timeout", "10s", "-s", str(MIX), f"http://127.0.0.1:{port}"],
                                 capture_output=True, text=True, timeout=a.seconds + 60)
        finally:
            proc.send_signal(signal.SIGTERM)
            out, _ = proc.communicate(timeout=60)
        stats = json.loads(out.strip().splitlines()[-1])
        lines = lines_in(log_file) - lines_before
    w = next((json.loads(l) for l in wrk.stdout.splitlines() if l.startswith("{")), None)
    if w is None:
        sys.exit(f"http_bench: wrk gave no summary:\n{wrk.stdout}{wrk.stderr}")
    seconds = w["duration_us"] / 1e6
    errors = w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["timeouts"]
    return {"bench": "http", "variant": variant, "seconds": round(seconds, 3), "requests": w["requests"],
            "requests_per_s": round(w["requests"] / seconds), "p50_us": w["p50_us"], "p90_us": w["p90_us"],
            "p99_us": w["p99_us"], "p999_us": w["p999_us"], "max_us": w["max_us"], "socket_errors": errors,
            "non_2xx": w["non_2xx"], "lines": lines, "lines_per_s": round(lines / seconds),
            "cpu_us_per_request": round(stats["cpu_s"] * 1e6 / max(1, stats["requests"]), 2),
            "peak_rss_mib": round(stats["max_rss_kb"] / 1024, 1), "connections": a.connections,
            "wrk_threads": a.wrk_threads, "server_threads": a.server_threads}


def summary(rows):
    by = {}
    for r in rows:
        by.setdefault(r["variant"], []).append(r)
    med = {v: {n: statistics.median(r[n] for r in rs) for n in NUMBERS} | {"rounds": len(rs),
           "spread": {n: (min(r[n] for r in rs), max(r[n] for r in rs)) for n in NUMBERS}} for v, rs in by.items()}
    base = med.get("off")
    print(f"{'variant':27} {'req/s':>8} {'spread':>15} {'p50 µs':>7} {'p99 µs':>7} {'p99.9 µs':>8} {'lines/s':>8} "
          f"{'CPU µs/req':>10} {'RSS MiB':>7}  vs off: req/s, p99")
    for v, m in med.items():
        lo, hi = m["spread"]["requests_per_s"]
        vs = f"{m['requests_per_s'] / base['requests_per_s']:.3f}, {m['p99_us'] / base['p99_us']:.3f}" if base else ""
        print(f"{v:27} {m['requests_per_s']:8.0f} {lo:7.0f}–{hi:<7.0f} {m['p50_us']:7.0f} {m['p99_us']:7.0f} "
              f"{m['p999_us']:8.0f} {m['lines_per_s']:8.0f} {m['cpu_us_per_request']:10.2f} {m['peak_rss_mib']:7.1f}  {vs}")
    for ours, peer in PEERS.items():
        if ours in med and peer in med:
            o, p = med[ours], med[peer]
            print(f"{ours} vs {peer}: req/s ×{o['requests_per_s'] / p['requests_per_s']:.3f}, "
                  f"p99 ×{o['p99_us'] / p['p99_us']:.3f}, CPU/request ×{o['cpu_us_per_request'] / p['cpu_us_per_request']:.3f}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("service")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--seconds", type=int, default=8)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--wrk-threads", type=int, default=1)
    p.add_argument("--server-threads", type=int, default=16)
    p.add_argument("--variants", default=",".join(VARIANTS))
    p.add_argument("--out", help="append one JSON line per run")
    a = p.parse_args()
    if not os.access(a.service, os.X_OK):
        sys.exit(f"http_bench: {a.service} is not an executable (build with -DINSTRUKT_AI_LOGGING_BUILD_EXAMPLES=ON)")
    variants = a.variants.split(",")
    for v in variants:
        if v not in VARIANTS:
            sys.exit(f"http_bench: unknown variant {v!r}; choose from {', '.join(VARIANTS)}")
    if a.connections > a.server_threads:
        sys.exit("http_bench: --connections above --server-threads would queue connections, not requests")
    rows = []
    for r in range(a.rounds):
        order = variants[r % len(variants):] + variants[:r % len(variants)]  # each variant leads a round in turn
        for v in order:
            row = one_run(a, v) | {"round": r}
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
            if a.out:
                with open(a.out, "a") as f:
                    f.write(json.dumps(row) + "\n")
    summary(rows)


if __name__ == "__main__":
    main()
