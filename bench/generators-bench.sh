#!/usr/bin/env bash
# shellcheck disable=SC2016 # $names in single quotes are jq's, not the shell's
# How event throughput scales with the number of generator instances posting to one collector (what
# `docker-compose up --scale generator=N` gives): one packaged collector (fsync on) runs throughout; for
# each N, N packaged generators post to it at an unbounded rate (or --rate R each), and the events they
# get acknowledged (the sum of `acked` from their GET /stats) and the CPU of the collector and of the
# generators are measured over a window. At the end the collector is stopped (it publishes its open
# files) and the event ids of every raw CSV file are checked for collisions across the generators.
# Writes bench/results/generators-<UTC date>.json and prints a table. See bench/README.md.
set -euo pipefail
NAME=generators-bench
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

GENERATORS="${BENCH_GENERATORS:-1,2,4}"
DURATION="${BENCH_GENERATORS_DURATION:-30s}"
WARMUP="${BENCH_GENERATORS_WARMUP:-10s}"
BATCH="${BENCH_GENERATORS_BATCH_SIZE:-100}"
RATE="${BENCH_GENERATORS_RATE:-0}"
COLLECTOR_PORT="${BENCH_COLLECTOR_PORT:-18081}"
GENERATOR_PORT="${BENCH_GENERATOR_PORT:-18083}"
COLLECTOR_FSYNC="${COLLECTOR_FSYNC:-true}"
# "Unbounded": GENERATOR_RATE must be a finite positive number (the generator's Pacer refuses others);
# a billion events/s is far above what one generating thread makes (~630k/s with nothing to send to),
# so the pacer never holds a generator back: its 16 batches in flight and the CPU do.
UNBOUNDED_RATE=1000000000
BUILD=auto

usage() {
    cat <<EOF
usage: bench/generators-bench.sh [options]
       bench/generators-bench.sh --table bench/results/generators-<date>.json

  --generators LIST    generator counts, in order, e.g. 1,2,4          (env BENCH_GENERATORS, default $GENERATORS)
  --duration D         measured time per count: 30s, 500ms, 2m         (env BENCH_GENERATORS_DURATION, default $DURATION)
  --warmup D           time after all are ready, before measuring      (env BENCH_GENERATORS_WARMUP, default $WARMUP)
  --batch-size N       events per request (GENERATOR_BATCH_SIZE)       (env BENCH_GENERATORS_BATCH_SIZE, default $BATCH)
  --rate R             events/s of each generator; 0 = unbounded        (env BENCH_GENERATORS_RATE, default $RATE)
  --collector-port P   (env BENCH_COLLECTOR_PORT, default $COLLECTOR_PORT)
  --generator-port P   the first generator's port; the others follow   (env BENCH_GENERATOR_PORT, default $GENERATOR_PORT)
  --table FILE         print a results file of this script again, and exit
  --no-build           use the jars as they are
  -h, --help           this text

COLLECTOR_* variables reach the collector (COLLECTOR_FSYNC default true here); GENERATOR_* variables
reach the generators, except those this script sets (COLLECTOR_URL, RATE, BATCH_SIZE, DUPLICATE_RATIO=0,
INVALID_RATIO=0) or that would stop them early (MAX_EVENTS, DURATION, ENABLED). Extra JVM options for
all of them: env BENCH_JAVA_OPTS. Waits for a quiet machine before each count (BENCH_QUIET_TIMEOUT).
EOF
}

# print_table FILE: a results file of this script as tables.
print_table() {
    local file=$1
    jq -r '"generators bench \(.date), commit \(.git_commit)\(if .git_dirty then " (uncommitted changes)" else "" end), \(.machine.nproc) cores, \(.machine.mem_total_mb) MiB, load at start \(.machine.loadavg_at_start // "?")",
        "one collector (fsync \(.settings.collector_fsync)); generators at \(if .settings.rate_per_generator > 0 then "\(.settings.rate_per_generator) events/s each" else "an unbounded rate" end), \(.settings.batch_size) events per request; \(.settings.warmup_s) s warm-up, \(.settings.duration_s) s measured per count"' "$file"
    echo
    jq -r '(.settings.rate_per_generator > 0) as $fixed
        | (["N", "events/s acked", "per generator", "collector cores", "generator cores", "events/s per gen core",
            "machine cores", "retries", "failed"] + (if $fixed then ["target events/s", "reached"] else [] end)),
          (.runs[] | [.generators, .events_per_sec, .events_per_sec_per_generator, .cpu_cores.collector, .cpu_cores.generators,
            .events_per_generator_core, .cpu_cores.machine, .retries, .failed]
            + (if $fixed then [.target_events_per_sec, (if .reached_target then "yes" else "NO (\(.of_target))" end)] else [] end))
        | map(if . == null then "-" else . end) | @tsv' "$file" | column -t -s $'\t'
    echo
    jq -r '.ids | "event ids in the \(.files) raw files: \(.rows) rows, \(.distinct_ids) distinct => duplicate_ids \(.duplicate_ids); the collector accepted \(.collector_accepted) (\(if .rows == .collector_accepted then "= rows" else "!= rows" end)); files with a wrong header \(.files_bad_header), unpublished work files \(.work_files_left)"' "$file"
}

while (($#)); do
    case "$1" in
        --generators) GENERATORS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --batch-size) BATCH="$2"; shift 2 ;;
        --rate) RATE="$2"; shift 2 ;;
        --collector-port) COLLECTOR_PORT="$2"; shift 2 ;;
        --generator-port) GENERATOR_PORT="$2"; shift 2 ;;
        --table)
            need jq column
            print_table "$(caller_path "$2")"
            exit 0 ;;
        --no-build) BUILD=never; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "$NAME: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

IFS=', ' read -r -a COUNTS <<<"$GENERATORS"
((${#COUNTS[@]} > 0)) || die "--generators needs at least one count"
positive_ints "${COUNTS[@]}" "$BATCH" "$COLLECTOR_PORT" "$GENERATOR_PORT"
((BATCH <= 10000)) || die "--batch-size is at most 10000 (the collector's COLLECTOR_MAX_EVENTS)"
[[ "$RATE" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--rate takes events per second (0 = unbounded), got $RATE"
durations "$DURATION" "$WARMUP"
DURATION_MS=$(to_ms "$DURATION")
WARMUP_MS=$(to_ms "$WARMUP")
((DURATION_MS > 0)) || die "--duration must be more than 0"
MAX_COUNT=$(printf '%s\n' "${COUNTS[@]}" | sort -n | tail -n 1)
if ((COLLECTOR_PORT >= GENERATOR_PORT && COLLECTOR_PORT < GENERATOR_PORT + MAX_COUNT)); then
    die "the collector's port $COLLECTOR_PORT is among the generators' $GENERATOR_PORT..$((GENERATOR_PORT + MAX_COUNT - 1))"
fi
if awk -v r="$RATE" 'BEGIN { exit !(r > 0) }'; then
    GENERATOR_RATE_SETTING=$RATE
else
    RATE=0
    GENERATOR_RATE_SETTING=$UNBOUNDED_RATE
fi

need curl jq java awk ss column sort
note_default_ports
build_if_stale "$BUILD" collector-service generator-service

bench_begin generators
DATA="$WORK/data"
COLLECTOR_LOG="$WORK/collector.log"
COLLECTOR_PID=""
GEN_PIDS=()
GEN_PORTS=()
GEN_LOGS=()

# The generators' settings: this script's, and nothing in the environment that would stop them early or
# make them send invalid or repeated events.
GEN_ENV=(-u GENERATOR_MAX_EVENTS -u GENERATOR_DURATION -u GENERATOR_ENABLED -u GENERATOR_API_KEY
    GENERATOR_COLLECTOR_URL="http://127.0.0.1:$COLLECTOR_PORT" GENERATOR_RATE="$GENERATOR_RATE_SETTING"
    GENERATOR_BATCH_SIZE="$BATCH" GENERATOR_DUPLICATE_RATIO=0 GENERATOR_INVALID_RATIO=0)

fail_with_log() {
    local log=$1
    shift
    echo "$NAME: $*" >&2
    if [[ -f "$log" ]]; then
        echo "--- last 40 lines of $log ---" >&2
        tail -n 40 "$log" >&2
    fi
    exit 1
}

# start_generators N: N generators on GENERATOR_PORT, +1, ... launched at once; returns when all are
# ready (each is ready once the collector has recorded a batch of it). READY_MS: until the last was.
start_generators() {
    local n=$1 i pid since
    GEN_PIDS=() GEN_PORTS=() GEN_LOGS=()
    since=$(now_ms)
    for ((i = 0; i < n; i++)); do
        GEN_PORTS+=("$((GENERATOR_PORT + i))")
        GEN_LOGS+=("$WORK/generator-n$n-$((i + 1)).log")
        launch_java pid "${GEN_LOGS[$i]}" "${GEN_PORTS[$i]}" "$GENERATOR_JAR" "${GEN_ENV[@]}"
        GEN_PIDS+=("$pid")
    done
    for ((i = 0; i < n; i++)); do
        await_ready "${GEN_PIDS[$i]}" "${GEN_LOGS[$i]}" "${GEN_PORTS[$i]}" "$GENERATOR_JAR" "$since"
    done
}

# SIGTERM to all at once (each stops generating and waits up to 5 s for its last answers), then waits.
stop_generators() {
    local pid
    for pid in "${GEN_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${GEN_PIDS[@]}"; do
        stop_pid "$pid"
        forget_pid "$pid"
    done
    GEN_PIDS=()
}

# read_stats OUT: GET /stats of every running generator, one JSON object a line, in port order.
read_stats() {
    local out=$1 i
    : >"$out"
    for i in "${!GEN_PORTS[@]}"; do
        curl -sf --max-time 5 "http://127.0.0.1:${GEN_PORTS[$i]}/stats" >>"$out" ||
            fail_with_log "${GEN_LOGS[$i]}" "GET /stats of the generator on port ${GEN_PORTS[$i]} failed"
        echo >>"$out"
    done
}

# CPU seconds of every running generator, as a JSON array in port order.
generators_cpu_json() {
    local pid
    for pid in "${GEN_PIDS[@]}"; do
        cpu_s "$pid"
    done | jq -s -c .
}

check_alive() {
    local i
    kill -0 "$COLLECTOR_PID" 2>/dev/null || fail_with_log "$COLLECTOR_LOG" "the collector died"
    for i in "${!GEN_PIDS[@]}"; do
        kill -0 "${GEN_PIDS[$i]}" 2>/dev/null || fail_with_log "${GEN_LOGS[$i]}" "the generator on port ${GEN_PORTS[$i]} died"
    done
}

# run_point N: N generators, warm-up, the measured window; appends the point's JSON to $WORK/runs.
run_point() {
    local n=$1 quiet ready t0 t1 j0 j1 cc0 cc1 gc0 gc1 mcores rss_c rss_g=0 pid rss warnings=0 i point
    wait_quiet # the collector runs, idle
    quiet=$QUIET_WAITED_S
    say "$n generator(s) on ports $GENERATOR_PORT..$((GENERATOR_PORT + n - 1)) ..."
    start_generators "$n"
    ready=$READY_MS
    say "  all ready in $ready ms; $WARMUP warm-up, then $DURATION measured"
    sleep "$(ms_to_s "$WARMUP_MS")"
    check_alive
    t0=$(now_ms)
    read_stats "$WORK/stats0"
    j0=$(machine_jiffies)
    cc0=$(cpu_s "$COLLECTOR_PID")
    gc0=$(generators_cpu_json)
    sleep "$(ms_to_s "$DURATION_MS")"
    check_alive
    t1=$(now_ms)
    read_stats "$WORK/stats1"
    j1=$(machine_jiffies)
    cc1=$(cpu_s "$COLLECTOR_PID")
    gc1=$(generators_cpu_json)
    mcores=$(machine_cores "$j0" "$j1")
    read -r rss_c _ < <(rss_mb "$COLLECTOR_PID")
    for pid in "${GEN_PIDS[@]}"; do
        read -r rss _ < <(rss_mb "$pid")
        rss_g=$((rss_g + rss))
    done
    stop_generators
    for i in "${!GEN_LOGS[@]}"; do
        warnings=$((warnings + $(grep -c ' WARN ' "${GEN_LOGS[$i]}" || true)))
    done
    point=$(jq -n -c --argjson n "$n" --argjson ms "$((t1 - t0))" --slurpfile a "$WORK/stats0" --slurpfile b "$WORK/stats1" \
        --argjson gc0 "$gc0" --argjson gc1 "$gc1" --argjson cc0 "$cc0" --argjson cc1 "$cc1" --argjson mcores "$mcores" \
        --argjson ports "$(printf '%s\n' "${GEN_PORTS[@]}" | jq -s -c .)" --argjson rate "$RATE" \
        --argjson ready "$ready" --argjson quiet "$quiet" --argjson rss_c "$rss_c" --argjson rss_g "$rss_g" \
        --argjson warnings "$warnings" '
        def r2: . * 100 | round / 100;
        ($ms / 1000) as $s
        | [range(0; $n) as $i | {port: $ports[$i],
              acked: ($b[$i].acked - $a[$i].acked),
              events_per_sec: (($b[$i].acked - $a[$i].acked) / $s | round),
              retries: ($b[$i].retries - $a[$i].retries), failed: ($b[$i].failed - $a[$i].failed),
              rejected: ($b[$i].rejected - $a[$i].rejected), cpu_s: ($gc1[$i] - $gc0[$i] | r2),
              cores: (($gc1[$i] - $gc0[$i]) / $s | r2), state: $b[$i].state}] as $g
        | ([$g[].acked] | add) as $acked
        | ([$g[].cpu_s] | add) as $gcpu
        | ($cc1 - $cc0) as $ccpu
        | {generators: $n, ready_ms: $ready, quiet_waited_s: $quiet, window_s: $s,
           events_acked: $acked, events_per_sec: ($acked / $s | round),
           events_per_sec_per_generator: ($acked / $s / $n | round),
           target_events_per_sec: (if $rate > 0 then $rate * $n else null end),
           of_target: (if $rate > 0 then ($acked / $s / ($rate * $n) * 1000 | round / 1000) else null end),
           reached_target: (if $rate > 0 then ($acked / $s >= 0.99 * $rate * $n) else null end),
           cpu_s: {collector: ($ccpu | r2), generators: ($gcpu | r2)},
           cpu_cores: {collector: ($ccpu / $s | r2), generators: ($gcpu / $s | r2), machine: $mcores,
                       other: ([$mcores - ($ccpu + $gcpu) / $s, 0] | max | r2)},
           events_per_generator_core: (if $gcpu > 0 then ($acked / $gcpu | round) else null end),
           collector_cpu_ms_per_100k: (if $acked > 0 then ($ccpu * 1000 * 100000 / $acked | round) else null end),
           generator_cpu_ms_per_100k: (if $acked > 0 then ($gcpu * 1000 * 100000 / $acked | round) else null end),
           retries: ([$g[].retries] | add), failed: ([$g[].failed] | add), rejected: ([$g[].rejected] | add),
           generator_log_warnings: $warnings,
           rss_mb: {collector: $rss_c, generators: $rss_g},
           per_generator: $g}')
    echo "$point" >>"$WORK/runs"
    say "  $(jq -r '"\(.events_per_sec) events/s acked (\(.events_per_sec_per_generator) per generator); cores: collector \(.cpu_cores.collector), generators \(.cpu_cores.generators), machine \(.cpu_cores.machine); retries \(.retries), failed \(.failed)\(if .target_events_per_sec then "; target \(.target_events_per_sec): \(if .reached_target then "reached" else "NOT reached (\(.of_target))" end)" else "" end)"' <<<"$point")"
}

# ids_check: after the collector stopped, every raw CSV file (a header, then one event a line; event_id
# is the first column and never quoted: its characters, A-Z a-z 0-9 . _ : -, need no quoting) is read for
# rows, distinct event ids and files whose first line is not the header. Prints the JSON object.
ids_check() {
    local accepted=$1 header=event_id,user_id,event_type,product_id,price,event_timestamp,received_at
    local summary="$WORK/ids-summary" counts
    : >"$summary"
    say "checking the event ids of $(find "$DATA/raw" -name '*.csv' | wc -l) raw files ..."
    counts=$(find "$DATA/raw" -name '*.csv' -print0 |
        xargs -0 -r awk -v header="$header" -v summary="$summary" '
            FNR == 1 { files++; if ($0 != header) bad++; next }
            { print substr($0, 1, index($0, ",") - 1) }
            END { print files + 0, bad + 0 >> summary }' |
        LC_ALL=C sort -S 256M -T "$WORK" | uniq -c |
        awk '{ rows += $1; distinct++; if ($1 > 1) repeated++ } END { print rows + 0, distinct + 0, repeated + 0 }')
    local files bad rows distinct repeated work_left
    # (xargs may run awk more than once: one summary line each)
    read -r files bad < <(awk '{ f += $1; b += $2 } END { print f + 0, b + 0 }' "$summary")
    read -r rows distinct repeated <<<"$counts"
    work_left=$(find "$DATA/work" -name '*.part' | wc -l)
    jq -n --argjson files "${files:-0}" --argjson bad "${bad:-0}" --argjson rows "$rows" --argjson distinct "$distinct" \
        --argjson repeated "$repeated" --argjson accepted "$accepted" --argjson work "$work_left" \
        --arg mb "$(du -sm "$DATA/raw" | cut -f1)" \
        '{files: $files, files_bad_header: $bad, rows: $rows, distinct_ids: $distinct, duplicate_ids: ($rows - $distinct),
          ids_seen_more_than_once: $repeated, collector_accepted: $accepted, work_files_left: $work, raw_mb: ($mb | tonumber)}'
}

# --- the run ---------------------------------------------------------------------------------------

HEAD_JSON=$(base_head_json | jq --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" '.machine += {loadavg_at_start: $load}')
mkdir -p "$DATA"
say "starting the collector on port $COLLECTOR_PORT (fsync $COLLECTOR_FSYNC) ..."
start_java COLLECTOR_PID "$COLLECTOR_LOG" "$COLLECTOR_PORT" "$COLLECTOR_JAR" \
    -u COLLECTOR_API_KEY PIPELINE_DATA_DIR="$DATA" COLLECTOR_FSYNC="$COLLECTOR_FSYNC"
say "collector ready in $READY_MS ms"

: >"$WORK/runs"
for n in "${COUNTS[@]}"; do
    run_point "$n"
done

# Every acknowledged event is in a file of the collector's by now (the generators have stopped): its
# own count, then SIGTERM, which writes what is queued and publishes the open files.
accepted=$(curl -sf --max-time 5 "http://127.0.0.1:$COLLECTOR_PORT/q/metrics" |
    awk '/^collector_events_accepted_total/ { printf "%d\n", $2; exit }')
[[ -n "$accepted" ]] || accepted=null
stop_pid "$COLLECTOR_PID"
forget_pid "$COLLECTOR_PID"
IDS_JSON=$(ids_check "$accepted")

jq --slurpfile runs "$WORK/runs" --argjson ids "$IDS_JSON" --argjson counts "$(printf '%s\n' "${COUNTS[@]}" | jq -s -c .)" --argjson d "$DURATION_MS" \
    --argjson w "$WARMUP_MS" --argjson batch "$BATCH" --argjson rate "$RATE" --arg grate "$GENERATOR_RATE_SETTING" \
    --argjson cport "$COLLECTOR_PORT" --argjson gport "$GENERATOR_PORT" --arg fsync "$COLLECTOR_FSYNC" \
    --arg opts "${BENCH_JAVA_OPTS:-}" \
    --arg cenv "$(env | grep '^COLLECTOR_' | grep -v -e '^COLLECTOR_FSYNC=' -e '^COLLECTOR_API_KEY=' | sort | tr '\n' ' ')" \
    --arg genv "$(env | grep '^GENERATOR_' | grep -v -E '^GENERATOR_(COLLECTOR_URL|RATE|BATCH_SIZE|DUPLICATE_RATIO|INVALID_RATIO|MAX_EVENTS|DURATION|ENABLED|API_KEY)=' | sort | tr '\n' ' ')" \
    '. + {scenario: "generators",
          settings: {generators: $counts, duration_s: ($d / 1000), warmup_s: ($w / 1000),
                     batch_size: $batch, rate_per_generator: $rate, generator_rate_setting: ($grate | tonumber),
                     duplicate_ratio: 0, invalid_ratio: 0, collector_fsync: ($fsync == "true"),
                     collector_port: $cport, generator_port: $gport, java_opts: $opts,
                     collector_env: $cenv, generator_env: $genv},
          runs: $runs, ids: $ids}' <<<"$HEAD_JSON" >"$OUT"
cp "$OUT" "$RESULT_FILE"
echo >&2
print_table "$RESULT_FILE"
echo "results: $RESULT_FILE"

if ! jq -e '.ids | .duplicate_ids == 0 and .files_bad_header == 0 and .work_files_left == 0
        and (.collector_accepted == null or .rows == .collector_accepted)' "$RESULT_FILE" >/dev/null; then
    echo "$NAME: the raw files do not add up (duplicate ids, a bad header, unpublished files or rows != accepted); see ids above" >&2
    exit 1
fi
