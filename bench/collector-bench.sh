#!/usr/bin/env bash
# Measures the packaged collector: events/s, latency, CPU and memory at several connection counts,
# with fsync on and off, and writes bench/results/collector-<UTC date>.json. See bench/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

COLLECTOR_JAR=collector-service/target/quarkus-app/quarkus-run.jar
BENCH_JAR=bench/target/bench.jar
RESULTS_DIR=bench/results

PORT="${QUARKUS_HTTP_PORT:-8081}"
CONNECTIONS="${BENCH_CONNECTIONS:-1,8,32,128}"
DURATION="${BENCH_DURATION:-30s}"
WARMUP="${BENCH_WARMUP:-5s}"
BATCH="${BENCH_BATCH:-500}"
FSYNC_MODES="${BENCH_FSYNC:-on,off}"
API_KEY="${COLLECTOR_API_KEY:-}"
READY_TIMEOUT_S="${BENCH_READY_TIMEOUT:-90}"
STOP_TIMEOUT_S=30
COLLECTOR_JAVA_OPTS="${BENCH_COLLECTOR_JAVA_OPTS:-}"
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

die() {
    echo "collector-bench: $*" >&2
    exit 1
}

# Milliseconds in a duration written as the client takes it: 30s, 500ms, 2m or plain seconds.
to_ms() {
    case "$1" in
        *ms) echo $((${1%ms})) ;;
        *s) echo $((${1%s} * 1000)) ;;
        *m) echo $((${1%m} * 60000)) ;;
        *) echo $(($1 * 1000)) ;;
    esac
}

IFS=', ' read -r -a CONN_LIST <<<"$CONNECTIONS"
IFS=', ' read -r -a FSYNC_LIST <<<"$FSYNC_MODES"
for c in "${CONN_LIST[@]}" "$JFR_CONNECTIONS" "$BATCH" "$PORT"; do
    [[ "$c" =~ ^[1-9][0-9]*$ ]] || die "not a positive whole number: $c"
done
for mode in "${FSYNC_LIST[@]}"; do
    [[ "$mode" == on || "$mode" == off ]] || die "--fsync takes on, off or on,off, got $mode"
done
for d in "$DURATION" "$WARMUP"; do
    [[ "$d" =~ ^[0-9]+(ms|s|m)?$ ]] || die "not a duration: $d (use e.g. 30s, 500ms, 2m)"
done
DURATION_MS=$(to_ms "$DURATION")
WARMUP_MS=$(to_ms "$WARMUP")
((DURATION_MS > 0)) || die "--duration must be more than 0"
command -v curl >/dev/null || die "curl is needed to poll /q/health/ready"

# --- build -------------------------------------------------------------------------------------

# True when a jar is missing or a source that goes into it changed after it was built.
stale() {
    local jar=$1
    shift
    [[ ! -f "$jar" ]] && return 0
    [[ -n "$(find "$@" -newer "$jar" -type f \( -name '*.java' -o -name '*.xml' -o -name '*.properties' \) \
        -not -path '*/target/*' -print -quit 2>/dev/null)" ]]
}

if [[ "$BUILD" == auto ]] &&
    { stale "$COLLECTOR_JAR" pom.xml event-model collector-service || stale "$BENCH_JAR" pom.xml bench; }; then
    echo "building collector-service and bench ..."
    ./mvnw -q -B package -DskipTests -pl collector-service,bench -am
fi
[[ -f "$COLLECTOR_JAR" ]] || die "$COLLECTOR_JAR is missing; build it with ./mvnw package -pl collector-service -am"
[[ -f "$BENCH_JAR" ]] || die "$BENCH_JAR is missing; build it with ./mvnw package -pl bench -am"

# --- collector lifecycle -----------------------------------------------------------------------

WORK="$(mktemp -d "${TMPDIR:-/tmp}/collector-bench.XXXXXX")"
COLLECTOR_PID=""
COLLECTOR_LOG=""
CLIENT_PID=""
SAMPLER_PID=""

cleanup() {
    local pid
    for pid in "$SAMPLER_PID" "$CLIENT_PID"; do
        if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; fi
    done
    stop_collector
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail_with_log() {
    echo "collector-bench: $*" >&2
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
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
        die "something already answers on 127.0.0.1:$PORT; stop it or pass --port"
    fi
    local data="$WORK/data-fsync-$fsync"
    rm -rf "$data"
    mkdir -p "$data"
    COLLECTOR_LOG="$WORK/collector-fsync-$fsync.log"
    local -a env_args=(PIPELINE_DATA_DIR="$data" QUARKUS_HTTP_PORT="$PORT" COLLECTOR_FSYNC="$([[ $fsync == on ]] && echo true || echo false)")
    if [[ -n "$API_KEY" ]]; then
        env_args+=(COLLECTOR_API_KEY="$API_KEY")
    fi
    # shellcheck disable=SC2086 # BENCH_COLLECTOR_JAVA_OPTS is a list of options
    env -u COLLECTOR_API_KEY "${env_args[@]}" java $COLLECTOR_JAVA_OPTS "$@" -jar "$COLLECTOR_JAR" >"$COLLECTOR_LOG" 2>&1 &
    COLLECTOR_PID=$!

    local deadline=$((SECONDS + READY_TIMEOUT_S))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/q/health/ready" || true)" == 200 ]]; do
        kill -0 "$COLLECTOR_PID" 2>/dev/null || fail_with_log "the collector exited during start-up"
        ((SECONDS < deadline)) || fail_with_log "the collector was not ready within ${READY_TIMEOUT_S}s (GET /q/health/ready)"
        sleep 0.5
    done
}

# SIGTERM, then SIGKILL if it has not stopped in time; removes its data folder.
stop_collector() {
    [[ -n "$COLLECTOR_PID" ]] || return 0
    kill -TERM "$COLLECTOR_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < STOP_TIMEOUT_S * 10; i++)); do
        kill -0 "$COLLECTOR_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$COLLECTOR_PID" 2>/dev/null; then
        echo "collector-bench: the collector did not stop within ${STOP_TIMEOUT_S}s of SIGTERM; killing it" >&2
        kill -KILL "$COLLECTOR_PID" 2>/dev/null || true
    fi
    wait "$COLLECTOR_PID" 2>/dev/null || true
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
    CLIENT_PID=$!
    sample_collector "$COLLECTOR_PID" "$CLIENT_PID" "$name.samples" &
    SAMPLER_PID=$!
    local rc=0
    wait "$CLIENT_PID" || rc=$?
    wait "$SAMPLER_PID" || true
    CLIENT_PID="" SAMPLER_PID=""
    kill -0 "$COLLECTOR_PID" 2>/dev/null || fail_with_log "the collector died during the run"
    [[ -f "$name.json" ]] || fail_with_log "the load client failed (exit $rc) and wrote no result"
    ((rc == 0)) || echo "collector-bench: no event was acknowledged at $connections connections; see the statuses" >&2
    printf '{"fsync": %s, "connections": %s,\n     "collector": %s,\n     "client": %s}' \
        "$([[ $fsync == on ]] && echo true || echo false)" "$connections" \
        "$(collector_figures "$name.samples" "$name.json")" "$(cat "$name.json")" >"$entry"
}

# --- hot methods from a flight recording -------------------------------------------------------

jfr_tool() {
    local java_bin
    java_bin="$(readlink -f "$(command -v java)")"
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/jfr" ]]; then
        echo "$JAVA_HOME/bin/jfr"
    elif [[ -x "$(dirname "$java_bin")/jfr" ]]; then
        echo "$(dirname "$java_bin")/jfr"
    else
        command -v jfr || die "the jfr tool of the JDK was not found"
    fi
}

# Prints the most sampled frames: on top of the stack (where CPU is spent) and the innermost
# collector frame (which of our code paths it is spent under).
hot_methods() {
    local recording=$1 top=15 samples="$WORK/samples.txt" total kind
    "$(jfr_tool)" print --stack-depth 64 --events jdk.ExecutionSample "$recording" |
        awk '
            /stackTrace = \[/ { in_stack = 1; first = 1; ours = ""; next }
            in_stack && /^[[:space:]]*\]/ {
                in_stack = 0
                if (ours != "") print "ours\t" ours
                next
            }
            in_stack {
                frame = $0
                sub(/^[[:space:]]+/, "", frame)
                sub(/[[:space:]]+line:.*$/, "", frame)
                if (frame == "...") next
                if (first) { print "top\t" frame; first = 0 }
                if (ours == "" && frame ~ /^dev\.pipeline\./) ours = frame
            }' >"$samples"
    total=$(grep -c '^top' "$samples" || true)
    echo
    echo "hot methods: $total execution samples at $JFR_CONNECTIONS connections ($recording)"
    for kind in top ours; do
        [[ $kind == top ]] && echo "  top of stack (self time):" || echo "  innermost dev.pipeline frame on the stack:"
        grep "^$kind" "$samples" | cut -f2 | sort | uniq -c | sort -rn | head -n "$top" |
            awk -v total="$total" '
                { n = $1; $1 = ""; printf "    %5.1f%%  %s\n", 100 * n / (total ? total : 1), substr($0, 2) }
                END { if (NR == 0) print "    (none)" }'
    done
}

# --- the sweep ---------------------------------------------------------------------------------

mkdir -p "$RESULTS_DIR"
STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
RESULT_FILE="$RESULTS_DIR/collector-$STAMP.json"
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

JFR_JSON=""
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
    JFR_JSON=$(printf ',\n  "jfr": {"recording": "%s", "run": %s}' "$RESULTS_DIR/$(basename "$recording")" "$(cat "$WORK/entry")")
fi

{
    printf '{\n  "date": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '  "git_commit": "%s",\n' "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    printf '  "git_dirty": %s,\n' "$([[ -n "$(git status --porcelain 2>/dev/null)" ]] && echo true || echo false)"
    printf '  "machine": {"nproc": %s, "mem_total_mb": %s, "java": "%s", "kernel": "%s"},\n' \
        "$(nproc)" "$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)" \
        "$(java -version 2>&1 | head -n 1 | tr -d '"')" "$(uname -r)"
    printf '  "settings": {"batch": %s, "duration_s": %s, "warmup_s": %s, "port": %s},\n' \
        "$BATCH" "$(awk -v ms="$DURATION_MS" 'BEGIN { print ms / 1000 }')" \
        "$(awk -v ms="$WARMUP_MS" 'BEGIN { print ms / 1000 }')" "$PORT"
    printf '  "runs": [\n    '
    for i in "${!RUNS[@]}"; do
        ((i == 0)) || printf ',\n    '
        printf '%s' "${RUNS[$i]}"
    done
    printf '\n  ]%s\n}\n' "$JFR_JSON"
} >"$RESULT_FILE"

echo >&2
java -jar "$BENCH_JAR" table "$RESULT_FILE"
echo "results: $RESULT_FILE"
if [[ "$JFR" == true ]]; then
    hot_methods "$recording"
fi
