#!/usr/bin/env bash
# The main job: builds and runs the example service, logging to ./logs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh cmake make g++ libboost1.81-dev libfmt-dev
cmake -S . -B build/example -DCMAKE_BUILD_TYPE=Release -DINSTRUKT_AI_LOGGING_BUILD_TESTS=OFF \
  -DINSTRUKT_AI_LOGGING_BUILD_BENCHMARKS=OFF
cmake --build build/example --target example_service -j"$(nproc)"
INSTRUKT_AI_LOG_ROOT="$PWD/logs" build/example/examples/example_service
