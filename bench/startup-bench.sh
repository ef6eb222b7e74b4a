#!/usr/bin/env bash
# shellcheck disable=SC2016 # $names in single quotes are jq's, not the shell's
# Start-up of the three packaged services (collector, stream-service, generator): time from `java -jar`
# to /q/health/ready answering 200, the time Quarkus reports, CPU used until ready, resident memory when
# ready and after idling, and the time SIGTERM takes. Several runs of each, each on a fresh data folder
# (and for the stream service an empty database). The generator is ready once the collector has
# recorded its first batch, so a collector (not measured) runs while it is measured. Peak memory of the
# stream service under load comes from the sink benchmark (its newest results file is quoted if there
# is one). Writes bench/results/startup-<UTC date>.json. See bench/README.md.
set -euo pipefail
NAME=startup-bench
# shellcheck source=bench/stream-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/stream-lib.sh"

RUNS="${BENCH_STARTUP_RUNS:-3}"
IDLE="${BENCH_STARTUP_IDLE:-20s}"
SERVICES="${BENCH_STARTUP_SERVICES:-collector,stream,generator}"
COLLECTOR_PORT="${BENCH_COLLECTOR_PORT:-18081}"
STREAM_PORT="${BENCH_STREAM_PORT:-18082}"
GENERATOR_PORT="${BENCH_GENERATOR_PORT:-18083}"
# The generator's load while it is measured: small, and first batch after 0.1 s (not the 1 s the
# default 100-event batch takes to fill at 100 events/s). GENERATOR_* in the environment win.
GENERATOR_RATE="${GENERATOR_RATE:-100}"
GENERATOR_BATCH_SIZE="${GENERATOR_BATCH_SIZE:-10}"
BUILD=auto

usage() {
    cat <<EOF
usage: bench/startup-bench.sh [options]

  --runs N             start-ups of each service                   (env BENCH_STARTUP_RUNS, default $RUNS)
  --idle D             idle time after ready before RSS is read    (env BENCH_STARTUP_IDLE, default $IDLE)
  --services LIST      which: collector,stream,generator            (env BENCH_STARTUP_SERVICES, default all three)
  --collector-port P   (env BENCH_COLLECTOR_PORT, default $COLLECTOR_PORT)
  --stream-port P      (also --port; env BENCH_STREAM_PORT, default $STREAM_PORT)
  --generator-port P   (env BENCH_GENERATOR_PORT, default $GENERATOR_PORT)
  --no-build           use the jars as they are
  -h, --help           this text

Extra JVM options for all three: env BENCH_JAVA_OPTS (e.g. -Xmx512m). STREAM_*, COLLECTOR_* and
GENERATOR_* variables reach the services. The generator posts to the collector this script starts
(GENERATOR_RATE default here $GENERATOR_RATE events/s, GENERATOR_BATCH_SIZE $GENERATOR_BATCH_SIZE): its "idle"
is generating at that rate.
EOF
}

while (($#)); do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --idle) IDLE="$2"; shift 2 ;;
        --services) SERVICES="$2"; shift 2 ;;
        --collector-port) COLLECTOR_PORT="$2"; shift 2 ;;
        --port | --stream-port) STREAM_PORT="$2"; shift 2 ;;
        --generator-port) GENERATOR_PORT="$2"; shift 2 ;;
        --no-build) BUILD=never; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "$NAME: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
positive_ints "$RUNS" "$COLLECTOR_PORT" "$STREAM_PORT" "$GENERATOR_PORT"
durations "$IDLE"
IDLE_MS=$(to_ms "$IDLE")
IFS=', ' read -r -a SERVICE_LIST <<<"$SERVICES"
MODULES=()
for s in "${SERVICE_LIST[@]}"; do
    case "$s" in
        collector | stream | generator) MODULES+=("$s-service") ;;
        *) die "--services takes collector, stream and generator, got $s" ;;
    esac
done
# The generator needs a collector to become ready.
[[ ",$SERVICES," == *",generator,"* && ",$SERVICES," != *",collector,"* ]] && MODULES+=(collector-service)

need curl jq psql java awk ss
[[ ",$SERVICES," == *",stream,"* ]] && pg_check
note_default_ports
build_if_stale "$BUILD" "${MODULES[@]}"

bench_begin startup
HEAD_JSON=$(results_head_json)

# start_service SERVICE RUN: starts one service on a fresh data folder (the stream service also on an
# empty database); PID and LOG are set.
start_service() {
    local service=$1 run=$2 data="$WORK/$1-data-$2"
    mkdir -p "$data"
    LOG="$WORK/$service-$run.log"
    case "$service" in
        collector)
            start_java PID "$LOG" "$COLLECTOR_PORT" "$COLLECTOR_JAR" PIPELINE_DATA_DIR="$data" ;;
        stream)
            fresh_db bench_startup
            start_java PID "$LOG" "$STREAM_PORT" "$STREAM_JAR" \
                PIPELINE_DATA_DIR="$data" QUARKUS_DATASOURCE_JDBC_URL="$(jdbc_url bench_startup)" \
                QUARKUS_DATASOURCE_USERNAME="$PGUSER" ;;
        generator)
            start_java PID "$LOG" "$GENERATOR_PORT" "$GENERATOR_JAR" \
                GENERATOR_COLLECTOR_URL="http://127.0.0.1:$COLLECTOR_PORT" GENERATOR_RATE="$GENERATOR_RATE" \
                GENERATOR_BATCH_SIZE="$GENERATOR_BATCH_SIZE" ;;
    esac
}

# measure SERVICE RUN: one start-up, idle and stop; prints the run's JSON.
measure() {
    local service=$1 run=$2 rss_ready cpu_ready quarkus_s rss_idle hwm cpu_idle t0 stop_ms r
    wait_quiet
    say "$service: run $run of $RUNS ..."
    start_service "$service" "$run"
    read -r rss_ready _ < <(rss_mb "$PID")
    cpu_ready=$(cpu_s "$PID")
    quarkus_s=$(sed -n 's/.* started in \([0-9.]*\)s\..*/\1/p' "$LOG" | head -n 1)
    sleep "$(ms_to_s "$IDLE_MS")"
    read -r rss_idle hwm < <(rss_mb "$PID")
    cpu_idle=$(cpu_s "$PID")
    t0=$(now_ms)
    stop_pid "$PID"
    stop_ms=$(($(now_ms) - t0))
    forget_pid "$PID"
    r=$(jq -n --argjson ready "$READY_MS" --arg quarkus "${quarkus_s:-}" --argjson rss_ready "$rss_ready" \
        --argjson rss_idle "$rss_idle" --argjson hwm "$hwm" --argjson cpu_ready "$cpu_ready" \
        --argjson idle_cores "$(awk -v a="$cpu_ready" -v b="$cpu_idle" -v ms="$IDLE_MS" 'BEGIN { printf "%.3f", (b - a) / (ms / 1000) }')" \
        --argjson stop "$stop_ms" \
        '{ready_ms: $ready, quarkus_started_s: ($quarkus | tonumber? // null), cpu_s_to_ready: $cpu_ready,
          rss_ready_mb: $rss_ready, rss_idle_mb: $rss_idle, hwm_mb: $hwm, idle_cores: $idle_cores, sigterm_to_exit_ms: $stop}')
    say "  $(jq -r '"ready in \(.ready_ms) ms (Quarkus: \(.quarkus_started_s) s), CPU \(.cpu_s_to_ready) s, RSS \(.rss_ready_mb) MB when ready, \(.rss_idle_mb) MB after idling, stopped in \(.sigterm_to_exit_ms) ms"' <<<"$r")"
    [[ "$service" == stream ]] && drop_dbs
    rm -rf "$WORK/$service-data-$run"
    echo "$r" >>"$WORK/$service.runs"
}

echo '{}' >"$WORK/services.json"
for service in "${SERVICE_LIST[@]}"; do
    : >"$WORK/$service.runs"
    HELPER=""
    if [[ "$service" == generator ]]; then
        mkdir -p "$WORK/helper-collector-data"
        start_java HELPER "$WORK/helper-collector.log" "$COLLECTOR_PORT" "$COLLECTOR_JAR" \
            PIPELINE_DATA_DIR="$WORK/helper-collector-data" COLLECTOR_FSYNC=false
        say "a collector for the generator runs on port $COLLECTOR_PORT (not measured)"
    fi
    for ((i = 1; i <= RUNS; i++)); do
        measure "$service" "$i"
    done
    if [[ -n "$HELPER" ]]; then
        stop_pid "$HELPER"
        forget_pid "$HELPER"
        rm -rf "$WORK/helper-collector-data"
    fi
    jq --arg s "$service" --slurpfile runs "$WORK/$service.runs" '
        def median(f): ($runs | map(f) | map(select(. != null)) | sort) as $v
            | if ($v | length) == 0 then null else $v[(($v | length) - 1) / 2 | floor] end;
        .[$s] = {runs: $runs,
                 median: {ready_ms: median(.ready_ms), cpu_s_to_ready: median(.cpu_s_to_ready),
                          rss_ready_mb: median(.rss_ready_mb), rss_idle_mb: median(.rss_idle_mb),
                          sigterm_to_exit_ms: median(.sigterm_to_exit_ms)}}' \
        "$WORK/services.json" >"$WORK/services.new" && mv "$WORK/services.new" "$WORK/services.json"
done

SINK_FILE=$(find "$RESULTS_DIR" -name 'sink-*.json' | sort | tail -n 1)
SINK_JSON=null
if [[ -n "$SINK_FILE" ]] && jq -e '.stream' "$SINK_FILE" >/dev/null 2>&1; then
    SINK_JSON=$(jq --arg f "$SINK_FILE" '{file: $f, rows: .stream.rows, rss_peak_mb: .stream.rss_peak_mb, hwm_mb: .stream.hwm_mb}' "$SINK_FILE")
fi
jq --slurpfile services "$WORK/services.json" --argjson idle "$IDLE_MS" --argjson runs "$RUNS" \
    --arg opts "${BENCH_JAVA_OPTS:-}" --argjson sink "$SINK_JSON" --arg list "$SERVICES" \
    --arg env "$(env | grep '^STREAM_' | sort | tr '\n' ' ')" \
    --arg cenv "$(env | grep '^COLLECTOR_' | sort | tr '\n' ' ')" \
    --arg genv "GENERATOR_RATE=$GENERATOR_RATE GENERATOR_BATCH_SIZE=$GENERATOR_BATCH_SIZE $(env | grep '^GENERATOR_' | grep -v -e '^GENERATOR_RATE=' -e '^GENERATOR_BATCH_SIZE=' | sort | tr '\n' ' ')" \
    '. + {scenario: "startup",
          settings: {runs: $runs, idle_s: ($idle / 1000), java_opts: $opts, services: $list, stream_env: $env,
                     collector_env: $cenv, generator_env: $genv},
          runs: ($services[0].stream.runs // []), services: $services[0], peak_under_load: $sink}' <<<"$HEAD_JSON" >"$OUT"
bench_finish
