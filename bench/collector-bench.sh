#!/usr/bin/env bash
# shellcheck disable=SC2016 # $names in single quotes are jq's, not the shell's
# Measures the packaged collector: events/s, latency, CPU and memory at several connection counts,
# with fsync on and off, and writes bench/results/collector-<UTC date>.json. See bench/README.md.
set -euo pipefail
NAME=collector-bench
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PORT="${QUARKUS_HTTP_PORT:-8081}"
CONNECTIONS="${BENCH_CONNECTIONS:-1,8,32,128}"
DURATION="${BENCH_DURATION:-30s}"
WARMUP="${BENCH_WARMUP:-5s}"
BATCH="${BENCH_BATCH:-500}"
FSYNC_MODES="${BENCH_FSYNC:-on,off}"
API_KEY="${COLLECTOR_API_KEY:-}"
READY_TIMEOUT_S="${BENCH_READY_TIMEOUT:-90}"
# start_java (bench/lib/common.sh) gives the service BENCH_JAVA_OPTS; the collector's own are these.
BENCH_JAVA_OPTS="${BENCH_COLLECTOR_JAVA_OPTS:-}"
JFR=false
JFR_CONNECTIONS="${BENCH_JFR_CONNECTIONS:-32}"
BUILD=auto

usage() {
    cat <<EOF
usage: bench/collector-bench.sh [options]

  --connections LIST   connection counts to run, e.g. 1,8,32,128   (env BENCH_CONNECTIONS, default $CONNECTIONS)
  --duration D         measured time per point: 30s, 500ms, 2m      (env BENCH_DURATION, default $DURATION)
  --warmup D           unmeasured time before each point            (env BENCH_WARMUP, default $WARMUP)
  --batch N            events per request                           (env BENCH_BATCH, default $BATCH)
  --fsync MODES        on,off | on | off                            (env BENCH_FSYNC, default $FSYNC_MODES)
  --port P             collector HTTP port                          (env QUARKUS_HTTP_PORT, default $PORT)
  --api-key K          start the collector with this key and send it (env COLLECTOR_API_KEY)
  --jfr                also profile one point with Java Flight Recorder and print the hot methods
  --jfr-connections N  connection count of the profiled point       (env BENCH_JFR_CONNECTIONS, default $JFR_CONNECTIONS)
  --no-build           use the jars as they are
  -h, --help           this text

Extra JVM options for the collector: env BENCH_COLLECTOR_JAVA_OPTS (e.g. -Xmx512m).
EOF
}

while (($#)); do
    case "$1" in
        --connections) CONNECTIONS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --batch) BATCH="$2"; shift 2 ;;
        --fsync) FSYNC_MODES="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --api-key) API_KEY="$2"; shift 2 ;;
        --jfr) JFR=true; shift ;;
        --jfr-connections) JFR_CONNECTIONS="$2"; shift 2 ;;
        --no-build) BUILD=never; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "collector-bench: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

IFS=', ' read -r -a CONN_LIST <<<"$CONNECTIONS"
IFS=', ' read -r -a FSYNC_LIST <<<"$FSYNC_MODES"
positive_ints "${CONN_LIST[@]}" "$JFR_CONNECTIONS" "$BATCH" "$PORT"
for mode in "${FSYNC_LIST[@]}"; do
    [[ "$mode" == on || "$mode" == off ]] || die "--fsync takes on, off or on,off, got $mode"
done
durations "$DURATION" "$WARMUP"
DURATION_MS=$(to_ms "$DURATION")
WARMUP_MS=$(to_ms "$WARMUP")
((DURATION_MS > 0)) || die "--duration must be more than 0"
need curl jq

build_if_stale "$BUILD" collector-service bench

# --- collector lifecycle -----------------------------------------------------------------------

bench_begin collector
COLLECTOR_PID=""
COLLECTOR_LOG=""

fail_with_log() {
    echo "$NAME: $*" >&2
    if [[ -n "$COLLECTOR_LOG" && -f "$COLLECTOR_LOG" ]]; then
        echo "--- last 40 lines of the collector log ---" >&2
        tail -n 40 "$COLLECTOR_LOG" >&2
    fi
    exit 1
}

# Starts the packaged collector with fsync on|off and a fresh data folder; extra args go to java.
start_collector() {
    local fsync=$1
    shift
    local data="$WORK/data-fsync-$fsync"
    rm -rf "$data"
    mkdir -p "$data"
    COLLECTOR_LOG="$WORK/collector-fsync-$fsync.log"
    local -a env_args=(-u COLLECTOR_API_KEY PIPELINE_DATA_DIR="$data" COLLECTOR_FSYNC="$([[ $fsync == on ]] && echo true || echo false)")
    if [[ -n "$API_KEY" ]]; then
        env_args+=(COLLECTOR_API_KEY="$API_KEY")
    fi
    start_java COLLECTOR_PID "$COLLECTOR_LOG" "$PORT" "$COLLECTOR_JAR" "${env_args[@]}" -- "$@"
}

# SIGTERM, then SIGKILL if it has not stopped in time; removes its data folder.
stop_collector() {
    [[ -n "$COLLECTOR_PID" ]] || return 0
    stop_pid "$COLLECTOR_PID"
    forget_pid "$COLLECTOR_PID"
    COLLECTOR_PID=""
    rm -rf "$WORK"/data-fsync-*
}

# --- one measured point ------------------------------------------------------------------------

# Every 0.5 s while the client runs: "epoch_ms VmRSS_kB VmHWM_kB cpu_ticks client_connections".
# Reads /proc with shell builtins, so the sampler costs next to no CPU itself.
sample_collector() {
    local pid=$1 client=$2 out=$3 port_hex
    port_hex=$(printf ':%04X' "$PORT")
    local max_samples=$(((WARMUP_MS + DURATION_MS) / 500 + 240)) i key value rest rss hwm stat fields now tcp
    for ((i = 0; i < max_samples; i++)); do
        if ! kill -0 "$client" 2>/dev/null || ! kill -0 "$pid" 2>/dev/null; then break; fi
        rss=0 hwm=0
        while read -r key value rest; do
            case "$key" in
                VmRSS:) rss=$value ;;
                VmHWM:) hwm=$value ;;
            esac
        done <"/proc/$pid/status"
        read -r stat <"/proc/$pid/stat"
        stat=${stat##*) }                     # fields after "pid (comm) "; utime and stime are 12th and 13th
        read -r -a fields <<<"$stat"
        now=${EPOCHREALTIME//[!0-9]/}
        # Established sockets whose remote port is the collector's: the client's side of each connection.
        tcp=$(awk -v p="$port_hex" '$3 ~ p"$" && $4 == "01"' /proc/net/tcp /proc/net/tcp6 2>/dev/null | wc -l)
        echo "$((now / 1000)) $rss $hwm $((fields[11] + fields[12])) $tcp" >>"$out"
        sleep 0.5
    done
}

# Collector figures over the client's measured window, as a JSON object.
collector_figures() {
    local samples=$1 client_json=$2 from until
    from=$(sed -n 's/.*"window_start_epoch_ms"[[:space:]]*:[[:space:]]*\([0-9]*\).*/\1/p' "$client_json")
    until=$(sed -n 's/.*"window_end_epoch_ms"[[:space:]]*:[[:space:]]*\([0-9]*\).*/\1/p' "$client_json")
    awk -v from="${from:-0}" -v until="${until:-0}" -v hz="$(getconf CLK_TCK)" '
        { if ($2 > rss) rss = $2; hwm = $3 }
        $1 >= from && $1 <= until {
            if (!n++) { t0 = $1; c0 = $4 }
            t1 = $1; c1 = $4
            if ($5 > tcp) tcp = $5
        }
        END {
            cores = (t1 > t0) ? sprintf("%.2f", (c1 - c0) / hz / ((t1 - t0) / 1000)) : "null"
            printf "{\"rss_max_mb\": %.1f, \"hwm_mb\": %.1f, \"cpu_cores\": %s, \"tcp_connections\": %d, \"samples\": %d}",
                rss / 1024, hwm / 1024, cores, tcp, NR
        }' "$samples"
}

# Runs the client at $2 connections against the running collector; writes the run as a JSON object to $3.
run_point() {
    local fsync=$1 connections=$2 entry=$3 name="$WORK/run-$1-$2"
    local timeout_s=$(((WARMUP_MS + DURATION_MS) / 1000 + 120))
    echo "fsync=$fsync connections=$connections: $WARMUP warm-up, $DURATION measured ..." >&2
    # C1 only and the serial GC: C2 would spend seconds of the measured window compiling the
    # HttpClient, on the cores the collector needs; the client's own code is too thin to need C2.
    timeout "$timeout_s" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$BENCH_JAR" collector --url "http://127.0.0.1:$PORT" \
        --connections "$connections" --batch "$BATCH" --duration "$DURATION" --warmup "$WARMUP" \
        ${API_KEY:+--api-key "$API_KEY"} --out "$name.json" >&2 &
    local client=$!
    STARTED_PIDS+=("$client")
    sample_collector "$COLLECTOR_PID" "$client" "$name.samples" &
    local sampler=$!
    STARTED_PIDS+=("$sampler")
    local rc=0
    wait "$client" || rc=$?
    wait "$sampler" || true
    forget_pid "$client"
    forget_pid "$sampler"
    kill -0 "$COLLECTOR_PID" 2>/dev/null || fail_with_log "the collector died during the run"
    [[ -f "$name.json" ]] || fail_with_log "the load client failed (exit $rc) and wrote no result"
    ((rc == 0)) || echo "collector-bench: no event was acknowledged at $connections connections; see the statuses" >&2
    printf '{"fsync": %s, "connections": %s,\n     "collector": %s,\n     "client": %s}' \
        "$([[ $fsync == on ]] && echo true || echo false)" "$connections" \
        "$(collector_figures "$name.samples" "$name.json")" "$(cat "$name.json")" >"$entry"
}

# --- the sweep ---------------------------------------------------------------------------------

RUNS=()

for mode in "${FSYNC_LIST[@]}"; do
    echo "starting the collector with fsync $mode on port $PORT ..." >&2
    start_collector "$mode"
    for c in "${CONN_LIST[@]}"; do
        run_point "$mode" "$c" "$WORK/entry"
        RUNS+=("$(cat "$WORK/entry")")
    done
    stop_collector
done

JFR_JSON=null
if [[ "$JFR" == true ]]; then
    recording="$PWD/$RESULTS_DIR/collector-$STAMP-c$JFR_CONNECTIONS.jfr"
    # Long enough to cover start-up and the whole point; the recording is written when the collector stops.
    record_s=$((READY_TIMEOUT_S + (WARMUP_MS + DURATION_MS) / 1000 + 30))
    echo "profiling fsync ${FSYNC_LIST[0]} at $JFR_CONNECTIONS connections with JFR ..." >&2
    start_collector "${FSYNC_LIST[0]}" \
        "-XX:StartFlightRecording=settings=profile,duration=${record_s}s,filename=$recording,dumponexit=true"
    run_point "${FSYNC_LIST[0]}" "$JFR_CONNECTIONS" "$WORK/entry"
    stop_collector
    [[ -f "$recording" ]] || die "no flight recording was written to $recording"
    JFR_JSON=$(jq -n --arg r "$RESULTS_DIR/$(basename "$recording")" --slurpfile run "$WORK/entry" '{recording: $r, run: $run[0]}')
fi

printf '%s\n' "${RUNS[@]}" | jq -s . >"$WORK/runs.json"
base_head_json | jq --argjson batch "$BATCH" --argjson d "$DURATION_MS" --argjson w "$WARMUP_MS" --argjson port "$PORT" \
    --slurpfile runs "$WORK/runs.json" --argjson jfr "$JFR_JSON" '
    . + {settings: {batch: $batch, duration_s: ($d / 1000), warmup_s: ($w / 1000), port: $port}, runs: $runs[0]}
      + (if $jfr == null then {} else {jfr: $jfr} end)' >"$RESULT_FILE"

echo >&2
java -jar "$BENCH_JAR" table "$RESULT_FILE"
echo "results: $RESULT_FILE"
if [[ "$JFR" == true ]]; then
    hot_methods "$recording" 15 "at $JFR_CONNECTIONS connections"
fi
