#!/usr/bin/env bash
# Smoke test of the results pipeline: tiny harness runs -> results folder -> Markdown report.
#   report_smoke.sh BENCH_BIN_DIR SOURCE_DIR
set -euo pipefail
bin="$1" src="$2"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$bin/bench_latency" --logger instrukt --iterations 5 --out "$out/results.jsonl" > /dev/null
"$bin/bench_latency" --logger spdlog --iterations 5 --out "$out/results.jsonl" > /dev/null
"$bin/bench_latency" --logger floor_ring --iterations 5 --out "$out/results.jsonl" > /dev/null
"$bin/bench_throughput" --logger instrukt --events 1000 --out "$out/results.jsonl" > /dev/null
"$bin/bench_throughput" --logger spdlog --events 1000 --out "$out/results.jsonl" > /dev/null
python3 "$src/scripts/compile_time.py" --include "$src/include" --events 3 --calls 6 --tus 2 --rounds 1 \
  --cases include_only,spread_declared --out "$out/results.jsonl" > /dev/null
# The HTTP section's rows (scripts/http_bench.py runs wrk; benchmark.http_smoke runs it for real).
for v in off ours_debug spdlog_debug; do
  echo '{"bench": "http", "variant": "'$v'", "seconds": 2, "requests": 1000, "requests_per_s": 500, "p50_us": 100,
    "p90_us": 150, "p99_us": 300, "p999_us": 400, "max_us": 500, "socket_errors": 0, "non_2xx": 50, "lines": 1000,
    "lines_per_s": 500, "cpu_us_per_request": 50, "peak_rss_mib": 20, "connections": 4, "wrk_threads": 1,
    "server_threads": 16, "round": 0}' | tr -d '\n' >> "$out/results.jsonl"
  echo >> "$out/results.jsonl"
done
python3 "$src/scripts/bench_report.py" "$out" > "$out/benchmarks.md"
for heading in "## Hot-path latency" "## Writer throughput" "## Compile time" "## An HTTP service under load" \
  "| ours_debug: requests/s vs spdlog_debug |" "## What bounds the hot path"; do
  grep -q "$heading" "$out/benchmarks.md" || { echo "report lacks: $heading"; cat "$out/benchmarks.md"; exit 1; }
done
grep -c "| instrukt |" "$out/benchmarks.md"  # latency, throughput, bounds, and 2 compile-time cases
