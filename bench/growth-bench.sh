#!/usr/bin/env bash
# shellcheck disable=SC2016 # $names in single quotes are jq's, not the shell's
# Does a micro-batch get slower as the stream's history grows? Probe batches (one file of 1,000 rows a
# second) on a fresh stream-service, then 100,000 small files through it, then the same probes again;
# compares the batch times and shows where they go (Spark's durationMs), the checkpoint's size and the
# driver's heap. Writes bench/results/growth-<UTC date>.json. See bench/README.md.
set -euo pipefail
NAME=growth-bench
# shellcheck source=bench/stream-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/stream-lib.sh"

FILES="${BENCH_GROWTH_FILES:-100000}"
ROWS_PER_FILE="${BENCH_GROWTH_ROWS_PER_FILE:-5}"
PROBES="${BENCH_GROWTH_PROBES:-30}"
WARMUP_PROBES="${BENCH_GROWTH_WARMUP_PROBES:-20}"
PROBE_ROWS="${BENCH_GROWTH_PROBE_ROWS:-1000}"
PORT="${BENCH_STREAM_PORT:-18082}"
BULK_TIMEOUT_S="${BENCH_GROWTH_TIMEOUT:-3600}"
BUILD=auto

usage() {
    cat <<EOF
usage: bench/growth-bench.sh [options]

  --files N            small files pushed through between the probe phases (env BENCH_GROWTH_FILES, default $FILES)
  --rows-per-file N    rows in each                                      (env BENCH_GROWTH_ROWS_PER_FILE, default $ROWS_PER_FILE)
  --probes N           probe files per measured phase, one a second      (env BENCH_GROWTH_PROBES, default $PROBES)
  --warmup-probes N    probe files before, to warm the JVM up (not used) (env BENCH_GROWTH_WARMUP_PROBES, default $WARMUP_PROBES)
  --probe-rows N       rows in a probe file                              (env BENCH_GROWTH_PROBE_ROWS, default $PROBE_ROWS)
  --port P             the stream service's HTTP port                    (env BENCH_STREAM_PORT, default $PORT)
  --no-build           use the jars as they are
  -h, --help           this text

STREAM_* variables in the environment reach the service (STREAM_MAX_FILES_PER_TRIGGER, default 1000,
sets the size of the bulk batches). A quick check: bench/growth-bench.sh --files 5000 --probes 10 --warmup-probes 5
EOF
}

while (($#)); do
    case "$1" in
        --files) FILES="$2"; shift 2 ;;
        --rows-per-file) ROWS_PER_FILE="$2"; shift 2 ;;
        --probes) PROBES="$2"; shift 2 ;;
        --warmup-probes) WARMUP_PROBES="$2"; shift 2 ;;
        --probe-rows) PROBE_ROWS="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --no-build) BUILD=never; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "$NAME: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
for n in "$FILES" "$ROWS_PER_FILE" "$PROBES" "$WARMUP_PROBES" "$PROBE_ROWS" "$PORT"; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "not a whole number: $n"
done

need curl jq psql java awk ss du
pg_check
note_default_ports
build_if_stale "$BUILD" stream-service bench

bench_begin growth
results_head_json | jq --argjson files "$FILES" --argjson rpf "$ROWS_PER_FILE" --argjson probes "$PROBES" \
    --argjson warm "$WARMUP_PROBES" --argjson pr "$PROBE_ROWS" --arg env "$(env | grep '^STREAM_' | sort | tr '\n' ' ')" \
    --arg opts "${BENCH_JAVA_OPTS:-}" \
    '. + {scenario: "growth", settings: {files: $files, rows_per_file: $rpf, probes: $probes, warmup_probes: $warm,
          probe_rows: $pr, stream_env: $env, java_opts: $opts}}' >"$OUT"

fresh_db bench_growth
apply_schema bench_growth
DATA="$WORK/data"
mkdir -p "$DATA/raw"
csv() { java -jar "$BENCH_JAR" csv "$@" >/dev/null; }
say "writing $FILES files of $ROWS_PER_FILE rows and the probe files ..."
csv --out "$DATA/stage-warmup" --files "$WARMUP_PROBES" --rows-per-file "$PROBE_ROWS" --span 1m --name probe0 --seed 1
csv --out "$DATA/stage-before" --files "$PROBES" --rows-per-file "$PROBE_ROWS" --span 1m --name probe1 --seed 2
t0=$(now_ms)
csv --out "$DATA/stage-bulk" --files "$FILES" --rows-per-file "$ROWS_PER_FILE" --span 1h --name bulk --seed 3
say "  $FILES files written in $(($(now_ms) - t0)) ms"

expected=0
rows_now() {
    sql_value bench_growth "SELECT coalesce(sum(rows_staged), 0) FROM stream_batches"
}
last_batch() {
    curl -s --max-time 5 "http://127.0.0.1:$PORT/lag" | jq -r '.last_batch_id // -1'
}
# wait_rows N TIMEOUT_S: until the stream has committed N rows in all.
wait_rows() {
    local n=$1 limit=$2 start=$SECONDS got
    while :; do
        got=$(rows_now)
        ((got >= n)) && return 0
        kill -0 "$STREAM_PID" 2>/dev/null || { tail -n 40 "$WORK/stream.log" >&2; die "the stream service died"; }
        ((SECONDS - start < limit)) || die "only $got of $n rows after ${limit}s"
        sleep 1
    done
}
checkpoint_json() {
    local cp="$DATA/checkpoints" compact
    compact=$(find "$cp/sources/0" -name '*.compact' -printf '%s %f\n' 2>/dev/null | sort -t' ' -k2 -V | tail -n 1)
    jq -n --argjson total "$(du -sb "$cp" | cut -f1)" --argjson sources "$(du -sb "$cp/sources" 2>/dev/null | cut -f1 || echo 0)" \
        --argjson sfiles "$(find "$cp/sources/0" -type f 2>/dev/null | wc -l)" \
        --argjson offsets "$(find "$cp/offsets" -type f 2>/dev/null | wc -l)" \
        --argjson cbytes "${compact%% *}" --arg cname "${compact#* }" \
        '{bytes: $total, sources_bytes: $sources, sources_files: $sfiles, offsets_files: $offsets,
          latest_compact: $cname, latest_compact_bytes: $cbytes}' 2>/dev/null ||
        jq -n --argjson total "$(du -sb "$cp" | cut -f1)" '{bytes: $total}'
}
# probe_phase NAME STAGE: publishes STAGE's probe files one a second and waits for them; PHASE_FIRST and
# PHASE_LAST are the ids of the batches that ran meanwhile.
probe_phase() {
    local name=$1 stage=$2 n b0 b1
    n=$(find "$stage" -name '*.csv' | wc -l)
    b0=$(last_batch)
    say "phase $name: $n probe files of $PROBE_ROWS rows, one a second ..."
    java -jar "$BENCH_JAR" publish --from "$stage" --to "$DATA/raw" --every 1s --touch >/dev/null
    expected=$((expected + n * PROBE_ROWS))
    wait_rows "$expected" 120
    sleep 2
    b1=$(last_batch)
    PHASE_FIRST=$((b0 + 1))
    PHASE_LAST=$b1
}

wait_quiet
start_java STREAM_PID "$WORK/stream.log" "$PORT" "$STREAM_JAR" \
    PIPELINE_DATA_DIR="$DATA" QUARKUS_DATASOURCE_JDBC_URL="$(jdbc_url bench_growth)" \
    QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_LOG_CATEGORY__DEV_PIPELINE__LEVEL=DEBUG
say "stream-service ready in ${READY_MS} ms"
sample_rss "$STREAM_PID" "$WORK/stream.rss" &
STARTED_PIDS+=("$!")

if ((WARMUP_PROBES > 0)); then
    probe_phase warmup "$DATA/stage-warmup"
fi
probe_phase before "$DATA/stage-before"
BEFORE_FIRST=$PHASE_FIRST BEFORE_LAST=$PHASE_LAST
HEAP_BEFORE=$(heap_after_gc_mb "$STREAM_PID")
CP_BEFORE=$(checkpoint_json)

say "phase bulk: publishing $FILES files at once ..."
B0=$(last_batch)
T0=$(now_ms)
java -jar "$BENCH_JAR" publish --from "$DATA/stage-bulk" --to "$DATA/raw" --touch >/dev/null
expected=$((expected + FILES * ROWS_PER_FILE))
start=$SECONDS
while :; do
    got=$(rows_now)
    ((got >= expected)) && break
    kill -0 "$STREAM_PID" 2>/dev/null || { tail -n 40 "$WORK/stream.log" >&2; die "the stream service died"; }
    ((SECONDS - start < BULK_TIMEOUT_S)) || die "bulk: only $got of $expected rows after ${BULK_TIMEOUT_S}s"
    if (((SECONDS - start) % 30 == 0)); then
        say "  bulk: $got of $expected rows, last batch $(last_batch), stream RSS $(rss_mb "$STREAM_PID" | cut -d' ' -f1) MB"
    fi
    sleep 1
done
T1=$(now_ms)
sleep 2
B1=$(last_batch)
say "  bulk done in $(((T1 - T0) / 1000)) s, batches $((B0 + 1))..$B1"
HEAP_AFTER_BULK=$(heap_after_gc_mb "$STREAM_PID")
# What the heap holds after the bulk: the 25 biggest classes of a live-object histogram.
HISTOGRAM=$(jcmd "$STREAM_PID" GC.class_histogram 2>/dev/null | sed -n '1,28p' || true)
CP_AFTER=$(checkpoint_json)

csv --out "$DATA/stage-after" --files "$PROBES" --rows-per-file "$PROBE_ROWS" --span 1m --name probe2 --seed 4
probe_phase after "$DATA/stage-after"
AFTER_FIRST=$PHASE_FIRST AFTER_LAST=$PHASE_LAST
HEAP_AFTER=$(heap_after_gc_mb "$STREAM_PID")
CP_END=$(checkpoint_json)
read -r RSS_END HWM < <(rss_mb "$STREAM_PID")
stop_all_started

# Batch statistics of a phase; compaction batches (every 10th: the file source's log is compacted when
# (batch id + 1) % spark.sql.streaming.fileSource.log.compactInterval == 0) are also shown apart.
stats() {
    batches_json "$WORK/stream.log" "$1" "$2" | jq --argjson interval "${BENCH_GROWTH_COMPACT_INTERVAL:-10}" '
        def pct(p): if length == 0 then null else (sort | .[((length - 1) * p | floor)]) end;
        def summary: {batches: length, files: (map(.files) | add), rows: (map(.rows) | add),
            trigger_ms_p50: (map(.trigger_ms) | pct(0.5)), trigger_ms_p90: (map(.trigger_ms) | pct(0.9)),
            trigger_ms_max: (map(.trigger_ms) | max), trigger_ms_mean: (if length > 0 then (map(.trigger_ms) | add / length | round) else null end),
            latest_offset_ms_p50: (map(.latest_offset_ms) | pct(0.5)), add_batch_ms_p50: (map(.add_batch_ms) | pct(0.5)),
            load_ms_p50: (map(.load_ms) | pct(0.5)),
            wal_commit_ms_p50: (map(.wal_commit_ms) | pct(0.5)), commit_offsets_ms_p50: (map(.commit_offsets_ms) | pct(0.5)),
            query_planning_ms_p50: (map(.query_planning_ms) | pct(0.5)), get_batch_ms_p50: (map(.get_batch_ms) | pct(0.5))};
        map(select(.rows > 0)) as $all
        | {all: ($all | summary),
           without_compaction: ($all | map(select((.batch + 1) % $interval != 0)) | summary),
           compaction: ($all | map(select((.batch + 1) % $interval == 0)) | summary),
           batch_log: $all}'
}
BEFORE=$(stats "$BEFORE_FIRST" "$BEFORE_LAST")
BULK=$(stats $((B0 + 1)) "$B1")
AFTER=$(stats "$AFTER_FIRST" "$AFTER_LAST")
RSS_PEAK=$(awk '{ if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$WORK/stream.rss")
add --argjson before "$BEFORE" --argjson bulk "$BULK" --argjson after "$AFTER" \
    --argjson bulk_ms $((T1 - T0)) --argjson cpb "$CP_BEFORE" --argjson cpa "$CP_AFTER" --argjson cpe "$CP_END" \
    --arg hb "$HEAP_BEFORE" --arg hab "$HEAP_AFTER_BULK" --arg ha "$HEAP_AFTER" --arg histogram "$HISTOGRAM" \
    --argjson rss_end "$RSS_END" --argjson hwm "$HWM" --argjson rss_peak "$RSS_PEAK" '
    . + {before: $before, bulk: ($bulk + {seconds: ($bulk_ms / 1000)}), after: $after,
         checkpoint: {before: $cpb, after_bulk: $cpa, end: $cpe},
         heap_after_gc_mb: {before: ($hb | tonumber? // null), after_bulk: ($hab | tonumber? // null), end: ($ha | tonumber? // null)},
         heap_histogram_after_bulk: $histogram,
         rss_mb: {end: $rss_end, peak: $rss_peak, hwm: $hwm},
         ratio: {trigger_p50: (if $before.all.trigger_ms_p50 > 0 then (($after.all.trigger_ms_p50 / $before.all.trigger_ms_p50 * 100 | round) / 100) else null end),
                 trigger_mean: (if $before.all.trigger_ms_mean > 0 then (($after.all.trigger_ms_mean / $before.all.trigger_ms_mean * 100 | round) / 100) else null end),
                 add_batch_p50: (if $before.all.add_batch_ms_p50 > 0 then (($after.all.add_batch_ms_p50 / $before.all.add_batch_ms_p50 * 100 | round) / 100) else null end)}}'

bench_finish
