#!/usr/bin/env bash
# Kafka bus latency (issue 3): small events published one at a time on a real Apache Kafka 4.0
# broker (started by the harness on loopback), time from publish to the handler, with no stage in
# between and through one consume-and-produce stage (at-least-once vs transactional).
#   bench/bench-kafka-bus.sh [EVENTS]      (default 1000; prints a Markdown table)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mvn -B -q -pl integration-tests -am verify -Dtest=KafkaBusLatencyBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.events="${1:-1000}" -DargLine="-Dbench.events=${1:-1000}" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1); date: $(date -u +%F)"
cat integration-tests/target/kafka-bus-bench.md
