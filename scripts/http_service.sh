#!/usr/bin/env bash
# The order service (examples/http_service): builds it and runs it in the
# foreground, logging to ./logs/orders/orders.log; Ctrl-C stops it.
#   scripts/http_service.sh [--port 8080] [--access-log] [service options; --help lists them]
# Levels: ORDERS_LOG_LEVEL=DEBUG shows a line per request (docs/guide.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh cmake make g++ libboost1.81-dev libfmt-dev zlib1g-dev libpcre2-dev nlohmann-json3-dev \
  libspdlog-dev libcpp-httplib-dev pkg-config
cmake -S . -B build/example -DCMAKE_BUILD_TYPE=Release -DINSTRUKT_AI_LOGGING_BUILD_TESTS=OFF \
  -DINSTRUKT_AI_LOGGING_BUILD_BENCHMARKS=OFF -DINSTRUKT_AI_LOGGING_BUILD_EXAMPLES=ON
cmake --build build/example --target orders_service -j"$(nproc)"
[ $# -gt 0 ] || set -- --port 8080 --access-log
INSTRUKT_AI_LOG_ROOT="$PWD/logs" exec build/example/examples/http_service/orders_service "$@"
