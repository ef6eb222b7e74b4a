#!/usr/bin/env bash
# Runs the whole benchmark suite, one scenario after the other (they share the machine and the
# PostgreSQL, so never two at once), then renders the charts. About 55 minutes on 2 cores.
# Each scenario's options come from its own BENCH_* variables (bench/README.md); a failed scenario
# is reported and the others still run. Exit status: the number of scenarios that failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

failed=()
run() {
    echo "=== $* ($(date -u +%H:%M:%S))"
    "$@" || failed+=("$1")
}

./mvnw -q -B -ntp package -DskipTests -pl bench,collector-service,stream-service,generator-service,spark-opens/deployment -am \
    || { echo "run-all: the build failed" >&2; exit 1; }
# The SPARK_HOME of cluster-bench.sh's standalone cluster (Spark's jars from Maven Central).
./mvnw -q -B -ntp -Pcluster package -pl spark-home || { echo "run-all: the build of spark-home failed" >&2; exit 1; }
run bench/startup-bench.sh --no-build
run bench/sink-bench.sh --no-build
run bench/e2e-bench.sh --no-build --configs "${BENCH_E2E_CONFIGS:-500ms/1s,200ms/250ms}" --sustain "${BENCH_E2E_SUSTAIN:-50000}"
run bench/growth-bench.sh --no-build
run bench/table-growth-bench.sh --no-build
run bench/generators-bench.sh --no-build
run bench/cluster-bench.sh --no-build
# Last: at 128 connections it leaves the machine loaded for a while (load average ~28), which the
# quiet-wait of the next script does not fully absorb (the sink measured 0.61x psql right after it,
# 0.83x on a quiet machine).
run bench/collector-bench.sh --no-build
run bench/charts.sh

if ((${#failed[@]} > 0)); then
    echo "run-all: failed: ${failed[*]}" >&2
fi
exit ${#failed[@]}
