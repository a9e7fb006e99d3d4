#!/usr/bin/env bash
# Two benchmark runs at once on one machine keep their own files: each writes
# under a private folder of its own (harness.hpp's run_dir) and removes it.
#   benchmarks/two_runs.sh BENCH_THROUGHPUT
set -euo pipefail
bench="$1"
export TMPDIR="$(mktemp -d)"
trap 'rm -rf "$TMPDIR"' EXIT
"$bench" --logger instrukt --events 300000 > "$TMPDIR/a.json" &
a=$!
"$bench" --logger instrukt --events 300000 > "$TMPDIR/b.json" &
b=$!
wait "$a"
wait "$b"
bytes() { sed -n 's/.*"bytes":\([0-9]*\).*/\1/p' "$1"; }
# Each run finds all its 300,000 lines (at least 60 bytes each): a run whose
# folder the other removed finds fewer, or none.
for run in a b; do
  [ "$(bytes "$TMPDIR/$run.json")" -ge 18000000 ] || { echo "run $run lost its file: $(cat "$TMPDIR/$run.json")"; exit 1; }
done
leftover="$(find "$TMPDIR" -mindepth 1 -maxdepth 1 -type d | wc -l)"
[ "$leftover" = 0 ] || { echo "left behind: $(ls "$TMPDIR")"; exit 1; }
echo "two runs at once: $(bytes "$TMPDIR/a.json") bytes each, nothing left behind"
