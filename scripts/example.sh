#!/usr/bin/env bash
# The main job: builds and runs the example service, logging to ./logs, then
# audits that log against the service's event catalog (written by the build).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh cmake make g++ libboost1.81-dev libfmt-dev zlib1g-dev libpcre2-dev nlohmann-json3-dev
cmake -S . -B build/example -DCMAKE_BUILD_TYPE=Release -DINSTRUKT_AI_LOGGING_BUILD_TESTS=OFF \
  -DINSTRUKT_AI_LOGGING_BUILD_BENCHMARKS=OFF -DINSTRUKT_AI_LOGGING_BUILD_EXAMPLES=ON
cmake --build build/example --target example_service jobs_catalog instrukt-ai-catalog -j"$(nproc)"
INSTRUKT_AI_LOG_ROOT="$PWD/logs" build/example/examples/example_service
echo "checking logs/jobs/jobs.log against build/example/examples/jobs.catalog.json:"
build/example/tools/instrukt-ai-catalog check build/example/examples/jobs.catalog.json logs/jobs/jobs.log
