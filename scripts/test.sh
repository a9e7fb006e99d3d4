#!/usr/bin/env bash
# Builds and runs the whole test suite from a fresh Debian machine: unit,
# pipeline, compile-error, install and benchmark smoke tests (Release), then
# the runtime tests again under ASan+UBSan (with leak checks) and under TSan.
#   scripts/test.sh [--quick]   (--quick: the Release suite only)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh cmake make g++ libboost1.81-dev libfmt-dev zlib1g-dev libpcre2-dev nlohmann-json3-dev catch2 libbenchmark-dev libspdlog-dev \
  clang-14 libclang-rt-14-dev valgrind python3 logrotate gzip lnav rsyslog rsyslog-relp openssl stunnel4 \
  libcpp-httplib-dev pkg-config wrk
jobs="$(nproc)"
cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Release -DINSTRUKT_AI_LOGGING_BUILD_TESTS=ON \
  -DINSTRUKT_AI_LOGGING_BUILD_BENCHMARKS=ON -DINSTRUKT_AI_LOGGING_BUILD_EXAMPLES=ON
cmake --build build/test -j"$jobs"
ctest --test-dir build/test -j"$jobs" --output-on-failure
[ "${1:-}" = "--quick" ] && exit 0

# Sanitizers: the same runtime tests (compile-error, Clang and install checks
# gain nothing from them). A report fails the test that caused it.
sanitize() {
  local name="$1" flags="$2" skip="${3:-}" threaded_only="${4:-OFF}"
  cmake -S . -B "build/$name" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="$flags" \
    -DINSTRUKT_AI_LOGGING_BUILD_TESTS=ON -DINSTRUKT_AI_LOGGING_BUILD_BENCHMARKS=OFF -DINSTRUKT_AI_LOGGING_BUILD_EXAMPLES=OFF \
    -DINSTRUKT_AI_LOGGING_TESTS_THREADED_ONLY="$threaded_only"
  cmake --build "build/$name" -j"$jobs"
  ctest --test-dir "build/$name" -j"$jobs" --output-on-failure -E "^(compile_error|clang14|install|fuzz)\.${skip}"
}
UBSAN_OPTIONS=print_stacktrace=1 \
  sanitize asan "-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# TSan cannot run a child that starts threads after a multi-threaded fork
# ("not supported. Dying"): the fork tests run in the other two passes.
# TSan runs only the tests of code on several threads (tests/CMakeLists.txt: SINGLE_THREADED).
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" sanitize tsan "-fsanitize=thread -O1" "|fork" ON
