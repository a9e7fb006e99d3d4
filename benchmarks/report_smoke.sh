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
  --cases include_only,one_tu,few_types,spread_declared,multi_tu --out "$out/results.jsonl" > /dev/null
python3 "$src/scripts/bench_report.py" "$out" > "$out/benchmarks.md"
for heading in "## Hot-path latency" "## Writer throughput" "## Compile time" "## What bounds the hot path"; do
  grep -q "$heading" "$out/benchmarks.md" || { echo "report lacks: $heading"; cat "$out/benchmarks.md"; exit 1; }
done
grep -c "| instrukt |" "$out/benchmarks.md"  # latency, throughput, bounds, and 5 compile-time cases
