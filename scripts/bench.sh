#!/usr/bin/env bash
# Builds and runs every benchmark at full counts, writes the results (JSON) to
# benchmarks/results/<time>/ and the table to docs/benchmarks.md.
#   scripts/bench.sh [--threads N] [--rounds R]
#     latency at 1 and 2 threads (plus N); every latency and throughput run is
#     repeated R times (default 3), the loggers interleaved, and the report
#     gives the median round with the spread.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh cmake make g++ python3 libboost1.81-dev libfmt-dev zlib1g-dev libpcre2-dev nlohmann-json3-dev libbenchmark-dev libspdlog-dev gzip rsyslog rsyslog-relp \
  libcpp-httplib-dev pkg-config wrk
extra_threads="" rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) extra_threads="${2:?--threads needs a number}"; shift 2 ;;
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    *) echo "usage: scripts/bench.sh [--threads N] [--rounds R]" >&2; exit 2 ;;
  esac
done
cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DINSTRUKT_AI_LOGGING_BUILD_TESTS=OFF \
  -DINSTRUKT_AI_LOGGING_BUILD_EXAMPLES=ON -DINSTRUKT_AI_LOGGING_BUILD_BENCHMARKS=ON
cmake --build build/bench -j"$(nproc)"
out="benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
for round in $(seq "$rounds"); do
  for threads in 1 2 $extra_threads; do
    for logger in instrukt spdlog baseline_sync floor_rdtsc floor_ring; do
      build/bench/benchmarks/bench_latency --logger "$logger" --threads "$threads" --out "$out/results.jsonl"
    done
  done
  for logger in instrukt spdlog baseline_sync; do
    build/bench/benchmarks/bench_throughput --logger "$logger" --out "$out/results.jsonl"
  done
done
build/bench/benchmarks/bench_catalog_check --out "$out/results.jsonl"
build/bench/benchmarks/bench_field_types --benchmark_min_time=0.05 --benchmark_out="$out/field_types.json" --benchmark_out_format=json
python3 scripts/compile_time.py --out "$out/results.jsonl"
if command -v valgrind > /dev/null; then
  python3 scripts/instructions.py build/bench/benchmarks/bench_instructions --contexts --recorder --out "$out/results.jsonl"
fi
python3 scripts/reader_speed.py build/bench/tools/instrukt-ai-logs --out "$out/results.jsonl"
python3 scripts/fleet_speed.py build/bench/benchmarks/bench_fleet_source build/bench/tools/instrukt-ai-central \
  --rounds "$rounds" --out "$out/results.jsonl"
# The 60 s soak at 500,000 lines/s (3.3 GB written twice, in a temporary folder).
python3 scripts/fleet_speed.py build/bench/benchmarks/bench_fleet_source build/bench/tools/instrukt-ai-central \
  --rounds 1 --rates 20000 --lag-seconds 2 --soak-seconds 60 --soak-rate 500000 --out "$out/results.jsonl"
# The order service under wrk: every logging variant, interleaved rounds; then its instructions per request.
python3 scripts/http_bench.py build/bench/examples/http_service/orders_service --rounds "$((rounds > 5 ? rounds : 5))" \
  --out "$out/results.jsonl"
if command -v valgrind > /dev/null; then
  python3 scripts/http_bench.py build/bench/examples/http_service/orders_service --instructions --seconds 3 \
    --out "$out/results.jsonl"
fi
python3 scripts/bench_report.py "$out" > docs/benchmarks.md
echo "results: $out (table written to docs/benchmarks.md)"
