#!/usr/bin/env bash
# Builds and runs every benchmark at full counts, writes the results (JSON) to
# benchmarks/results/<time>/ and the table to docs/benchmarks.md.
#   scripts/bench.sh [--threads N]   (latency runs at 1 and 2 threads, plus N if given)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh cmake make g++ python3 libboost1.81-dev libfmt-dev libbenchmark-dev libspdlog-dev
extra_threads=""
if [ "${1:-}" = "--threads" ]; then extra_threads="${2:?--threads needs a number}"; fi
cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DINSTRUKT_AI_LOGGING_BUILD_TESTS=OFF \
  -DINSTRUKT_AI_LOGGING_BUILD_EXAMPLES=OFF
cmake --build build/bench -j"$(nproc)"
out="benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
for threads in 1 2 $extra_threads; do
  for logger in instrukt spdlog baseline_sync; do
    build/bench/benchmarks/bench_latency --logger "$logger" --threads "$threads" --out "$out/results.jsonl"
  done
done
for logger in instrukt spdlog baseline_sync; do
  build/bench/benchmarks/bench_throughput --logger "$logger" --out "$out/results.jsonl"
done
build/bench/benchmarks/bench_field_types --benchmark_min_time=0.05 --benchmark_out="$out/field_types.json" --benchmark_out_format=json
python3 scripts/compile_time.py --out "$out/results.jsonl"
python3 scripts/bench_report.py "$out" > docs/benchmarks.md
echo "results: $out (table written to docs/benchmarks.md)"
