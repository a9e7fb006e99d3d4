#!/usr/bin/env bash
# Builds and runs the whole test suite (unit, pipeline, compile-error, install
# and benchmark smoke tests) from a fresh Debian machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh cmake make g++ libboost1.81-dev libfmt-dev catch2 libbenchmark-dev libspdlog-dev
cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Release
cmake --build build/test -j"$(nproc)"
ctest --test-dir build/test -j"$(nproc)" --output-on-failure
