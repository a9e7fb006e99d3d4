#!/usr/bin/env bash
# Builds the libFuzzer targets with Debian's clang 14 (ASan+UBSan) and runs
# each for RUNS inputs (default 10,000,000), from an empty corpus.
#   scripts/fuzz.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10000000}"
scripts/deps.sh clang-14 libclang-rt-14-dev libfmt-dev libboost1.81-dev
out="build/fuzz"
mkdir -p "$out"
for target in fuzz_value_encoder fuzz_line_parser; do
  clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -Iinclude -Isrc "tests/fuzz/$target.cpp" src/logfmt/encode.cpp src/logfmt/parse.cpp -o "$out/$target"
  mkdir -p "$out/corpus-$target"
  if ! "$out/$target" -runs="$runs" -max_len=4096 -print_final_stats=1 -artifact_prefix="$out/" \
      "$out/corpus-$target" > "$out/$target.log" 2>&1; then
    grep -aE "ERROR|SUMMARY|crash-|Test unit written" "$out/$target.log" || tail -20 "$out/$target.log"
    echo "$target: FAILED (log: $out/$target.log)"
    exit 1
  fi
  echo "$target: $(grep -aE 'stat::number_of_executed_units' "$out/$target.log")"
done
