#!/usr/bin/env bash
# End to end on this machine: the packaged collector and stream-service on one data folder, events
# POSTed to the collector at fixed rates (open loop), latency from received_at to the commit in
# PostgreSQL, and a check that every acknowledged event is in user_events. One or more settings of
# COLLECTOR_ROLL_INTERVAL / STREAM_TRIGGER_INTERVAL, each at one or more rates.
# Writes bench/results/e2e-<UTC date>.json. See bench/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
NAME=e2e-bench
# shellcheck source=bench/stream-lib.sh
source bench/stream-lib.sh

RATES="${BENCH_E2E_RATES:-1000,5000,10000}"
CONFIGS="${BENCH_E2E_CONFIGS:-500ms/1s}"
DURATION="${BENCH_E2E_DURATION:-2m}"
WARMUP="${BENCH_E2E_WARMUP:-15s}"
BATCH="${BENCH_E2E_BATCH:-100}"
CONNECTIONS="${BENCH_E2E_CONNECTIONS:-8}"
COLLECTOR_PORT="${BENCH_COLLECTOR_PORT:-18081}"
STREAM_PORT="${BENCH_STREAM_PORT:-18082}"
DRAIN_TIMEOUT_S="${BENCH_E2E_DRAIN_TIMEOUT:-180}"
BUILD=auto

usage() {
    cat <<EOF
usage: bench/e2e-bench.sh [options]

  --rates LIST         events/s of the steps, e.g. 1000,5000,10000       (env BENCH_E2E_RATES, default $RATES)
  --configs LIST       ROLL/TRIGGER pairs: COLLECTOR_ROLL_INTERVAL/STREAM_TRIGGER_INTERVAL,
                       e.g. 500ms/1s,100ms/0s; each gets fresh services    (env BENCH_E2E_CONFIGS, default $CONFIGS)
  --duration D         measured time of each step (30s, 2m)              (env BENCH_E2E_DURATION, default $DURATION)
  --warmup D           time before it at the same rate, not in latency   (env BENCH_E2E_WARMUP, default $WARMUP)
  --batch N            events per request                                (env BENCH_E2E_BATCH, default $BATCH)
  --connections N      client connections                                (env BENCH_E2E_CONNECTIONS, default $CONNECTIONS)
  --collector-port P   (env BENCH_COLLECTOR_PORT, default $COLLECTOR_PORT)
  --stream-port P      (env BENCH_STREAM_PORT, default $STREAM_PORT)
  --no-build           use the jars as they are
  -h, --help           this text

Other COLLECTOR_* and STREAM_* variables in the environment reach the services. A quick check:
  bench/e2e-bench.sh --rates 1000 --duration 20s --warmup 5s
EOF
}

while (($#)); do
    case "$1" in
        --rates) RATES="$2"; shift 2 ;;
        --configs) CONFIGS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --batch) BATCH="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        --collector-port) COLLECTOR_PORT="$2"; shift 2 ;;
        --stream-port) STREAM_PORT="$2"; shift 2 ;;
        --no-build) BUILD=never; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "$NAME: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
IFS=', ' read -r -a RATE_LIST <<<"$RATES"
IFS=', ' read -r -a CONFIG_LIST <<<"$CONFIGS"
for n in "${RATE_LIST[@]}" "$BATCH" "$CONNECTIONS" "$COLLECTOR_PORT" "$STREAM_PORT"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "not a positive whole number: $n"
done
for c in "${CONFIG_LIST[@]}"; do
    [[ "$c" =~ ^[0-9]+(ms|s|m)?/[0-9]+(ms|s|m)?$ ]] || die "a config is ROLL/TRIGGER, e.g. 500ms/1s, got $c"
done
for d in "$DURATION" "$WARMUP"; do
    [[ "$d" =~ ^[0-9]+(ms|s|m)?$ ]] || die "not a duration: $d"
done
DURATION_MS=$(to_ms "$DURATION")
WARMUP_MS=$(to_ms "$WARMUP")

need curl jq psql java awk ss
pg_check
note_default_ports
build_if_stale "$BUILD" collector-service stream-service bench

WORK="$(mktemp -d -t e2e-bench.XXXXXX)"
cleanup() {
    stop_all_started
    drop_dbs
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$RESULTS_DIR"
STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
RESULT_FILE="$RESULTS_DIR/e2e-$STAMP.json"
OUT="$WORK/result.json"
results_head_json | jq --arg rates "$RATES" --arg configs "$CONFIGS" --argjson d "$DURATION_MS" --argjson w "$WARMUP_MS" \
    --argjson batch "$BATCH" --argjson conns "$CONNECTIONS" \
    --arg env "$(env | grep -e '^STREAM_' -e '^COLLECTOR_' | sort | tr '\n' ' ')" \
    '. + {scenario: "e2e", settings: {rates: $rates, configs: $configs, duration_s: ($d / 1000), warmup_s: ($w / 1000),
          batch: $batch, connections: $conns, env: $env}, configs: []}' >"$OUT"
add() { jq "$@" "$OUT" >"$OUT.new" && mv "$OUT.new" "$OUT"; }

lag() {
    curl -s --max-time 5 "http://127.0.0.1:$STREAM_PORT/lag" || echo '{}'
}

# Rows of a step's run id: event ids "<run>-<request>-<index>" sort between "<run>-" and "<run>.".
run_rows() {
    sql_value bench_e2e "SELECT count(*) FROM user_events WHERE event_id >= '$1-' AND event_id < '$1.'"
}

CI=0
for config in "${CONFIG_LIST[@]}"; do
    CI=$((CI + 1))
    ROLL=${config%/*}
    TRIGGER=${config#*/}
    say "config $config: COLLECTOR_ROLL_INTERVAL=$ROLL STREAM_TRIGGER_INTERVAL=$TRIGGER"
    fresh_db bench_e2e
    sql bench_e2e -f sql/postgres_setup.sql
    DATA="$WORK/data-$CI"
    mkdir -p "$DATA"
    wait_quiet
    start_java COLLECTOR_PID "$WORK/collector-$CI.log" "$COLLECTOR_PORT" "$COLLECTOR_JAR" \
        PIPELINE_DATA_DIR="$DATA" COLLECTOR_ROLL_INTERVAL="$ROLL"
    COLLECTOR_READY_MS=$READY_MS
    LOG="$WORK/stream-$CI.log"
    start_java STREAM_PID "$LOG" "$STREAM_PORT" "$STREAM_JAR" \
        PIPELINE_DATA_DIR="$DATA" STREAM_TRIGGER_INTERVAL="$TRIGGER" \
        QUARKUS_DATASOURCE_JDBC_URL="$(jdbc_url bench_e2e)" QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
        QUARKUS_LOG_CATEGORY__DEV_PIPELINE__LEVEL=DEBUG
    STREAM_READY_MS=$READY_MS
    say "  collector ready in ${COLLECTOR_READY_MS} ms, stream-service in ${STREAM_READY_MS} ms"
    STEPS=()
    SI=0
    for rate in "${RATE_LIST[@]}"; do
        SI=$((SI + 1))
        RUN="e${CI}s${SI}r$(printf '%04x' $((RANDOM % 65536)))"
        say "  step $rate events/s: ${WARMUP} warm-up + ${DURATION} measured (run id $RUN) ..."
        T0=$(now_ms)
        java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$BENCH_JAR" rate --url "http://127.0.0.1:$COLLECTOR_PORT" \
            --rate "$rate" --batch "$BATCH" --connections "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" \
            --run-id "$RUN" --acked "$WORK/$RUN.acked" --out "$WORK/$RUN.json" > >(sed -u 's/^/    /' >&2) 2>&1 &
        CLIENT_PID=$!
        STARTED_PIDS+=("$CLIENT_PID")
        # CPU, batches and machine load over the measured part only (after the warm-up; the client
        # starts its schedule 200 ms after it starts).
        sleep "$(awk -v ms=$((WARMUP_MS + 200 + T0 - $(now_ms))) 'BEGIN { print (ms > 0) ? ms / 1000 : 0 }')"
        B0=$(lag | jq -r '.last_batch_id // -1')
        C0=$(cpu_s "$COLLECTOR_PID")
        S0=$(cpu_s "$STREAM_PID")
        J0=$(machine_jiffies)
        TM=$(now_ms)
        wait "$CLIENT_PID" || true
        T1=$(now_ms)
        LAG_END=$(lag)
        C1=$(cpu_s "$COLLECTOR_PID")
        S1=$(cpu_s "$STREAM_PID")
        J1=$(machine_jiffies)
        read -r C_RSS C_HWM < <(rss_mb "$COLLECTOR_PID")
        read -r S_RSS S_HWM < <(rss_mb "$STREAM_PID")
        [[ -f "$WORK/$RUN.json" ]] || die "the rate client wrote no result"
        ACKED_EVENTS=$(jq .events_acked "$WORK/$RUN.json")
        WARM_REQ=$(jq .warmup_requests "$WORK/$RUN.json")

        # Drain: wait until every acknowledged event of the step is in the table.
        deadline=$((SECONDS + DRAIN_TIMEOUT_S))
        while :; do
            pending=$(lag | jq -r '.pending_files // 1')
            if [[ "$pending" == 0 ]] && (($(run_rows "$RUN") >= ACKED_EVENTS)); then
                break
            fi
            if ((SECONDS >= deadline)); then
                say "  not drained after ${DRAIN_TIMEOUT_S}s (pending files $pending); checking what is there"
                break
            fi
            sleep 1
        done
        DRAINED_MS=$(($(now_ms) - T1))
        B1=$(lag | jq -r '.last_batch_id // -1')

        # Every acknowledged request's events, by request number; extra = rows of requests not acknowledged.
        sql bench_e2e -c "SET client_min_messages = warning" -c "CREATE TABLE IF NOT EXISTS bench_acked (run text, request bigint)" \
            -c "\\copy bench_acked (request) FROM '$WORK/$RUN.acked'" -c "UPDATE bench_acked SET run = '$RUN' WHERE run IS NULL"
        CHECK=$(sql_value bench_e2e "
            WITH landed AS (
                SELECT split_part(event_id, '-', 2)::bigint AS request, count(*) AS n
                  FROM user_events WHERE event_id >= '$RUN-' AND event_id < '$RUN.' GROUP BY 1)
            SELECT json_build_object(
                'acked_requests', (SELECT count(*) FROM bench_acked WHERE run = '$RUN'),
                'missing_events', (SELECT coalesce(sum($BATCH - coalesce(l.n, 0)), 0) FROM bench_acked a
                                     LEFT JOIN landed l USING (request) WHERE a.run = '$RUN'),
                'rows_in_table', (SELECT coalesce(sum(n), 0) FROM landed),
                'rows_of_unacked_requests', (SELECT coalesce(sum(n), 0) FROM landed l WHERE NOT EXISTS
                    (SELECT 1 FROM bench_acked a WHERE a.run = '$RUN' AND a.request = l.request)))")
        # Per row, two bounds of received_at -> commit. created_at is now() of the inserting transaction,
        # i.e. when that partition's transaction began (before its COPY): the commit came later, so
        # created_at - received_at is a lower bound. Every row of a transaction has the same created_at;
        # the first "Batch N: ..." log line at or after it is when the batch's last partition had
        # committed: an upper bound.
        batches_json "$LOG" | jq -r '.[] | select(.committed_epoch_ms > 0) | .committed_epoch_ms' >"$WORK/$RUN.ends"
        sql bench_e2e -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS bench_batch_end" \
            -c "CREATE TABLE bench_batch_end (end_ms bigint)" -c "\\copy bench_batch_end FROM '$WORK/$RUN.ends'"
        LATENCY=$(sql_value bench_e2e "
            WITH r AS MATERIALIZED (
                     SELECT received_at, created_at FROM user_events
                      WHERE event_id >= '$RUN-' AND event_id < '$RUN.'
                        AND split_part(event_id, '-', 2)::bigint >= $WARM_REQ),
                 ends AS MATERIALIZED (SELECT to_timestamp(end_ms / 1000.0) AS t FROM bench_batch_end),
                 tx AS MATERIALIZED (
                     SELECT created_at, (SELECT min(t) FROM ends WHERE t >= d.created_at) AS batch_end
                       FROM (SELECT DISTINCT created_at FROM r) d),
                 x AS (SELECT extract(epoch FROM r.created_at - r.received_at) * 1000 AS lo,
                              extract(epoch FROM tx.batch_end - r.received_at) * 1000 AS hi
                         FROM r JOIN tx USING (created_at))
            SELECT json_build_object('rows', count(*),
                   'p50', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY lo)::numeric, 1),
                   'p99', round(percentile_cont(0.99) WITHIN GROUP (ORDER BY lo)::numeric, 1),
                   'p999', round(percentile_cont(0.999) WITHIN GROUP (ORDER BY lo)::numeric, 1),
                   'max', round(max(lo)::numeric, 1),
                   'upper_rows', count(hi),
                   'upper_p50', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY hi)::numeric, 1),
                   'upper_p99', round(percentile_cont(0.99) WITHIN GROUP (ORDER BY hi)::numeric, 1),
                   'upper_max', round(max(hi)::numeric, 1))
              FROM x")
        # A file, not an argument: hundreds of batches exceed the length of one argument.
        batches_json "$LOG" $((B0 + 1)) "$B1" >"$WORK/$RUN.batches.json"
        SECS=$(awk -v a="$TM" -v b="$T1" 'BEGIN { print (b - a) / 1000 }')
        STEP=$(jq -n --argjson rate "$rate" --arg run "$RUN" --slurpfile client "$WORK/$RUN.json" \
            --argjson check "$CHECK" --argjson latency "$LATENCY" --argjson lag "$LAG_END" --slurpfile batches "$WORK/$RUN.batches.json" \
            --argjson secs "$SECS" --argjson drained "$DRAINED_MS" \
            --argjson ccpu "$(awk -v a="$C0" -v b="$C1" -v s="$SECS" 'BEGIN { printf "%.2f", (b - a) / s }')" \
            --argjson scpu "$(awk -v a="$S0" -v b="$S1" -v s="$SECS" 'BEGIN { printf "%.2f", (b - a) / s }')" \
            --argjson mcpu "$(machine_cores "$J0" "$J1")" \
            --argjson crss "$C_RSS" --argjson chwm "$C_HWM" --argjson srss "$S_RSS" --argjson shwm "$S_HWM" '
            def pct(p): if length == 0 then null else (sort | .[((length - 1) * p | floor)]) end;
            $batches[0] as $b
            | ($b | map(select(.rows > 0 or .files > 0))) as $d
            | {rate: $rate, run_id: $run, seconds: $secs, client: $client[0], check: $check,
               table_latency_ms: $latency, lag_at_end: $lag, drained_after_ms: $drained,
               batches: {count: ($b | length), with_data: ($d | length),
                         per_sec: (($b | length) / $secs * 100 | round / 100),
                         files_per_sec: (($b | map(.files) | add // 0) / $secs * 10 | round / 10),
                         rows_per_batch_p50: ($d | map(.rows) | pct(0.5)),
                         trigger_ms_p50: ($b | map(.trigger_ms) | pct(0.5)), trigger_ms_p99: ($b | map(.trigger_ms) | pct(0.99)),
                         latest_offset_ms_p50: ($b | map(.latest_offset_ms) | pct(0.5)),
                         add_batch_ms_p50: ($b | map(.add_batch_ms) | pct(0.5)),
                         load_ms_p50: ($d | map(.load_ms) | pct(0.5)), load_ms_p99: ($d | map(.load_ms) | pct(0.99)),
                         wal_commit_ms_p50: ($b | map(.wal_commit_ms) | pct(0.5)),
                         commit_offsets_ms_p50: ($b | map(.commit_offsets_ms) | pct(0.5))},
               cpu_cores: {collector: $ccpu, stream: $scpu, machine: $mcpu},
               rss_mb: {collector: $crss, collector_hwm: $chwm, stream: $srss, stream_hwm: $shwm}}')
        STEPS+=("$STEP")
        say "  $(jq -r '"\(.client.events_per_sec) events/s acked; received_at->created_at p50 \(.table_latency_ms.p50) ms p99 \(.table_latency_ms.p99) ms, ->batch end p50 \(.table_latency_ms.upper_p50) p99 \(.table_latency_ms.upper_p99); /lag p50 \(.lag_at_end.e2e_latency_ms.p50) p99 \(.lag_at_end.e2e_latency_ms.p99); missing \(.check.missing_events); \(.batches.per_sec) batches/s, \(.batches.files_per_sec) files/s; cores: collector \(.cpu_cores.collector) stream \(.cpu_cores.stream) machine \(.cpu_cores.machine)"' <<<"$STEP")"
    done
    stop_pid "$STREAM_PID"
    stop_pid "$COLLECTOR_PID"
    STARTED_PIDS=()
    add --arg roll "$ROLL" --arg trigger "$TRIGGER" --argjson cr "$COLLECTOR_READY_MS" --argjson sr "$STREAM_READY_MS" \
        --argjson steps "$(printf '%s\n' "${STEPS[@]}" | jq -s .)" \
        '.configs += [{collector_roll_interval: $roll, stream_trigger_interval: $trigger,
                       collector_ready_ms: $cr, stream_ready_ms: $sr, steps: $steps}]'
    drop_dbs
    rm -rf "$DATA"
done

cp "$OUT" "$RESULT_FILE"
echo >&2
bench/stream-tables.sh "$RESULT_FILE"
echo "results: $RESULT_FILE"
LOST=$(jq '[.configs[].steps[].check.missing_events] | add' "$RESULT_FILE")
if [[ "$LOST" != 0 ]]; then
    echo "$NAME: $LOST acknowledged events are not in PostgreSQL: this run is invalid" >&2
    exit 1
fi
