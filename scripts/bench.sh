#!/usr/bin/env bash
# Builds and runs the benchmarks (full counts).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh cmake make g++ libboost1.81-dev libfmt-dev libbenchmark-dev
cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DINSTRUKT_AI_LOGGING_BUILD_TESTS=OFF \
  -DINSTRUKT_AI_LOGGING_BUILD_EXAMPLES=OFF
cmake --build build/bench -j"$(nproc)"
build/bench/benchmarks/bench_hot_path "$@"
