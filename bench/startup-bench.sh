#!/usr/bin/env bash
# Start-up of the packaged stream-service: time from `java -jar` to /q/health/ready answering 200, the
# time Quarkus reports, resident memory when ready and after idling, and the time SIGTERM takes.
# Several runs, each on a fresh data folder and an empty database. Peak memory under load comes from
# the sink benchmark (its newest results file is quoted if there is one).
# Writes bench/results/startup-<UTC date>.json. See bench/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
NAME=startup-bench
# shellcheck source=bench/stream-lib.sh
source bench/stream-lib.sh

RUNS="${BENCH_STARTUP_RUNS:-3}"
IDLE="${BENCH_STARTUP_IDLE:-20s}"
PORT="${BENCH_STREAM_PORT:-18082}"
BUILD=auto

usage() {
    cat <<EOF
usage: bench/startup-bench.sh [options]

  --runs N      start-ups                                  (env BENCH_STARTUP_RUNS, default $RUNS)
  --idle D      idle time after ready before RSS is read  (env BENCH_STARTUP_IDLE, default $IDLE)
  --port P      the stream service's HTTP port            (env BENCH_STREAM_PORT, default $PORT)
  --no-build    use the jars as they are
  -h, --help    this text

Extra JVM options: env BENCH_JAVA_OPTS (e.g. -Xmx512m). STREAM_* variables reach the service.
EOF
}

while (($#)); do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --idle) IDLE="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --no-build) BUILD=never; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "$NAME: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs takes a positive whole number"
[[ "$IDLE" =~ ^[0-9]+(ms|s|m)?$ ]] || die "not a duration: $IDLE"
IDLE_MS=$(to_ms "$IDLE")

need curl jq psql java awk ss
pg_check
note_default_ports
build_if_stale "$BUILD" stream-service

WORK="$(mktemp -d -t startup-bench.XXXXXX)"
cleanup() {
    stop_all_started
    drop_dbs
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$RESULTS_DIR"
STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
RESULT_FILE="$RESULTS_DIR/startup-$STAMP.json"

HEAD_JSON=$(results_head_json)
RESULTS=()
for ((i = 1; i <= RUNS; i++)); do
    fresh_db bench_startup
    DATA="$WORK/data-$i"
    mkdir -p "$DATA"
    wait_quiet
    say "run $i of $RUNS ..."
    LOG="$WORK/stream-$i.log"
    start_java PID "$LOG" "$PORT" "$STREAM_JAR" \
        PIPELINE_DATA_DIR="$DATA" QUARKUS_DATASOURCE_JDBC_URL="$(jdbc_url bench_startup)" QUARKUS_DATASOURCE_USERNAME="$PGUSER"
    read -r RSS_READY _ < <(rss_mb "$PID")
    CPU_READY=$(cpu_s "$PID")
    QUARKUS_S=$(sed -n 's/.* started in \([0-9.]*\)s\..*/\1/p' "$LOG" | head -n 1)
    sleep "$(awk -v ms="$IDLE_MS" 'BEGIN { print ms / 1000 }')"
    read -r RSS_IDLE HWM < <(rss_mb "$PID")
    CPU_IDLE=$(cpu_s "$PID")
    t0=$(now_ms)
    stop_pid "$PID"
    STOP_MS=$(($(now_ms) - t0))
    STARTED_PIDS=()
    r=$(jq -n --argjson ready "$READY_MS" --arg quarkus "${QUARKUS_S:-}" --argjson rss_ready "$RSS_READY" \
        --argjson rss_idle "$RSS_IDLE" --argjson hwm "$HWM" --argjson cpu_ready "$CPU_READY" \
        --argjson idle_cores "$(awk -v a="$CPU_READY" -v b="$CPU_IDLE" -v ms="$IDLE_MS" 'BEGIN { printf "%.3f", (b - a) / (ms / 1000) }')" \
        --argjson stop "$STOP_MS" \
        '{ready_ms: $ready, quarkus_started_s: ($quarkus | tonumber? // null), cpu_s_to_ready: $cpu_ready,
          rss_ready_mb: $rss_ready, rss_idle_mb: $rss_idle, hwm_mb: $hwm, idle_cores: $idle_cores, sigterm_to_exit_ms: $stop}')
    RESULTS+=("$r")
    say "  $(jq -r '"ready in \(.ready_ms) ms (Quarkus: \(.quarkus_started_s) s), RSS \(.rss_ready_mb) MB when ready, \(.rss_idle_mb) MB after idling, stopped in \(.sigterm_to_exit_ms) ms"' <<<"$r")"
    drop_dbs
    rm -rf "$DATA"
done

SINK_FILE=$(find "$RESULTS_DIR" -name 'sink-*.json' | sort | tail -n 1)
SINK_JSON=null
if [[ -n "$SINK_FILE" ]] && jq -e '.stream' "$SINK_FILE" >/dev/null 2>&1; then
    SINK_JSON=$(jq --arg f "$SINK_FILE" '{file: $f, rows: .stream.rows, rss_peak_mb: .stream.rss_peak_mb, hwm_mb: .stream.hwm_mb}' "$SINK_FILE")
fi
jq --argjson runs "$(printf '%s\n' "${RESULTS[@]}" | jq -s .)" --argjson idle "$IDLE_MS" \
    --arg opts "${BENCH_JAVA_OPTS:-}" --argjson sink "$SINK_JSON" --arg env "$(env | grep '^STREAM_' | sort | tr '\n' ' ')" \
    '. + {scenario: "startup", settings: {runs: ($runs | length), idle_s: ($idle / 1000), java_opts: $opts, stream_env: $env},
          runs: $runs, peak_under_load: $sink}' <<<"$HEAD_JSON" >"$RESULT_FILE"
echo >&2
bench/stream-tables.sh "$RESULT_FILE"
echo "results: $RESULT_FILE"
