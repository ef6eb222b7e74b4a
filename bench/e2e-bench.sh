#!/usr/bin/env bash
# shellcheck disable=SC2016 # $names in single quotes are jq's, not the shell's
# End to end on this machine: the packaged collector and stream-service on one data folder, events
# POSTed to the collector at fixed rates (open loop), latency from received_at to the commit in
# PostgreSQL, and a check that every acknowledged event is in user_events. One or more settings of
# COLLECTOR_ROLL_INTERVAL / STREAM_TRIGGER_INTERVAL, each at one or more rates; optionally a sustained
# rate at the end (--sustain) with the stream's /lag sampled to tell whether it keeps up.
# Writes bench/results/e2e-<UTC date>.json. See bench/README.md.
set -euo pipefail
NAME=e2e-bench
# shellcheck source=bench/stream-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/stream-lib.sh"

RATES="${BENCH_E2E_RATES:-1000,5000,10000,20000}"
CONFIGS="${BENCH_E2E_CONFIGS:-500ms/1s}"
DURATION="${BENCH_E2E_DURATION:-2m}"
WARMUP="${BENCH_E2E_WARMUP:-15s}"
BATCH="${BENCH_E2E_BATCH:-auto}"
CONNECTIONS="${BENCH_E2E_CONNECTIONS:-8}"
SUSTAIN="${BENCH_E2E_SUSTAIN:-0}"
SUSTAIN_DURATION="${BENCH_E2E_SUSTAIN_DURATION:-5m}"
COLLECTOR_PORT="${BENCH_COLLECTOR_PORT:-18081}"
STREAM_PORT="${BENCH_STREAM_PORT:-18082}"
DRAIN_TIMEOUT_S="${BENCH_E2E_DRAIN_TIMEOUT:-180}"
LAG_EVERY_MS=5000
BUILD=auto

usage() {
    cat <<EOF
usage: bench/e2e-bench.sh [options]

  --rates LIST         events/s of the steps, e.g. 1000,5000,10000       (env BENCH_E2E_RATES, default $RATES)
  --configs LIST       ROLL/TRIGGER pairs: COLLECTOR_ROLL_INTERVAL/STREAM_TRIGGER_INTERVAL,
                       e.g. 500ms/1s,100ms/0s; each gets fresh services    (env BENCH_E2E_CONFIGS, default $CONFIGS)
  --duration D         measured time of each step (30s, 2m)              (env BENCH_E2E_DURATION, default $DURATION)
  --warmup D           time before it at the same rate, not in latency   (env BENCH_E2E_WARMUP, default $WARMUP)
  --batch N|auto       events per request; auto: 100 up to 10000 events/s, 500 above
                                                                         (env BENCH_E2E_BATCH, default $BATCH)
  --connections N      client connections                                (env BENCH_E2E_CONNECTIONS, default $CONNECTIONS)
  --sustain RATE       after the steps, on the services of the last config, hold RATE events/s and
                       sample /lag every 5 s; 0 = off                     (env BENCH_E2E_SUSTAIN, default $SUSTAIN)
  --sustain-duration D how long                                          (env BENCH_E2E_SUSTAIN_DURATION, default $SUSTAIN_DURATION)
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
        --sustain) SUSTAIN="$2"; shift 2 ;;
        --sustain-duration) SUSTAIN_DURATION="$2"; shift 2 ;;
        --collector-port) COLLECTOR_PORT="$2"; shift 2 ;;
        --stream-port) STREAM_PORT="$2"; shift 2 ;;
        --no-build) BUILD=never; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "$NAME: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
IFS=', ' read -r -a RATE_LIST <<<"$RATES"
IFS=', ' read -r -a CONFIG_LIST <<<"$CONFIGS"
positive_ints "${RATE_LIST[@]}" "$CONNECTIONS" "$COLLECTOR_PORT" "$STREAM_PORT"
[[ "$BATCH" == auto ]] || positive_ints "$BATCH"
[[ "$SUSTAIN" =~ ^[0-9]+$ ]] || die "--sustain takes events/s (0 = off), got $SUSTAIN"
for c in "${CONFIG_LIST[@]}"; do
    [[ "$c" =~ ^[0-9]+(ms|s|m)?/[0-9]+(ms|s|m)?$ ]] || die "a config is ROLL/TRIGGER, e.g. 500ms/1s, got $c"
done
durations "$DURATION" "$WARMUP" "$SUSTAIN_DURATION"
DURATION_MS=$(to_ms "$DURATION")
WARMUP_MS=$(to_ms "$WARMUP")
SUSTAIN_MS=$(to_ms "$SUSTAIN_DURATION")
((SUSTAIN == 0 || SUSTAIN_MS >= 15000)) || die "--sustain-duration must be at least 15s"

# Events per request at a rate: --batch, or with auto 100 up to 10,000 events/s (100 requests/s) and
# 500 above (40 requests/s at 20,000), so the client is not limited by requests per second.
batch_for() {
    if [[ "$BATCH" != auto ]]; then
        echo "$BATCH"
    elif (($1 > 10000)); then
        echo 500
    else
        echo 100
    fi
}

need curl jq psql java awk ss
pg_check
note_default_ports
build_if_stale "$BUILD" collector-service stream-service bench

bench_begin e2e
results_head_json | jq --arg rates "$RATES" --arg configs "$CONFIGS" --argjson d "$DURATION_MS" --argjson w "$WARMUP_MS" \
    --arg batch "$BATCH" --argjson conns "$CONNECTIONS" --argjson sustain "$SUSTAIN" --argjson sd "$SUSTAIN_MS" \
    --arg env "$(env | grep -e '^STREAM_' -e '^COLLECTOR_' | sort | tr '\n' ' ')" \
    '. + {scenario: "e2e", settings: {rates: $rates, configs: $configs, duration_s: ($d / 1000), warmup_s: ($w / 1000),
          batch: ($batch | tonumber? // $batch), connections: $conns,
          sustain_rate: $sustain, sustain_duration_s: ($sd / 1000), env: $env}, configs: []}' >"$OUT"

lag() {
    curl -s --max-time 5 "http://127.0.0.1:$STREAM_PORT/lag" || echo '{}'
}

# Rows of a step's run id: event ids "<run>-<request>-<index>" sort between "<run>-" and "<run>.".
run_rows() {
    sql_value bench_e2e "SELECT count(*) FROM user_events WHERE event_id >= '$1-' AND event_id < '$1.'"
}

# sample_lag OUT: every LAG_EVERY_MS, the stream's /lag as one JSON line with the time it was read.
sample_lag() {
    local out=$1 start next
    start=$(now_ms)
    for ((k = 0; ; k++)); do
        next=$((start + k * LAG_EVERY_MS - $(now_ms)))
        ((next <= 0)) || sleep "$(ms_to_s "$next")"
        lag | jq -c --argjson t "$(now_ms)" '{epoch_ms: $t, pending_files, pending_bytes, oldest_pending_age_ms,
            last_batch_duration_ms, processed_rows_per_second,
            e2e_p50_ms: .e2e_latency_ms.p50, e2e_p99_ms: .e2e_latency_ms.p99}' >>"$out" 2>/dev/null || true
    done
}

# run_step RATE RUN DURATION WARMUP BATCH [LAG_SAMPLES_FILE]: one step on the running services: the rate
# client for WARMUP + DURATION, then the drain, the loss check and the latency from the table. Sets
# STEP (JSON). With LAG_SAMPLES_FILE, /lag is sampled into it while the client runs.
run_step() {
    local rate=$1 run=$2 duration=$3 warmup=$4 batch=$5 lag_file=${6:-}
    local warmup_ms t0 client sampler="" b0 b1 c0 c1 s0 s1 j0 j1 tm t1 lag_end
    local c_rss c_hwm s_rss s_hwm acked_events warm_req deadline pending drained_ms check latency secs
    warmup_ms=$(to_ms "$warmup")
    t0=$(now_ms)
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$BENCH_JAR" rate --url "http://127.0.0.1:$COLLECTOR_PORT" \
        --rate "$rate" --batch "$batch" --connections "$CONNECTIONS" --duration "$duration" --warmup "$warmup" \
        --run-id "$run" --acked "$WORK/$run.acked" --out "$WORK/$run.json" > >(sed -u 's/^/    /' >&2) 2>&1 &
    client=$!
    STARTED_PIDS+=("$client")
    if [[ -n "$lag_file" ]]; then
        sample_lag "$lag_file" &
        sampler=$!
        STARTED_PIDS+=("$sampler")
    fi
    # CPU, batches and machine load over the measured part only (after the warm-up; the client
    # starts its schedule 200 ms after it starts).
    sleep "$(awk -v ms=$((warmup_ms + 200 + t0 - $(now_ms))) 'BEGIN { print (ms > 0) ? ms / 1000 : 0 }')"
    b0=$(lag | jq -r '.last_batch_id // -1')
    c0=$(cpu_s "$COLLECTOR_PID")
    s0=$(cpu_s "$STREAM_PID")
    j0=$(machine_jiffies)
    tm=$(now_ms)
    wait "$client" || true
    forget_pid "$client"
    t1=$(now_ms)
    if [[ -n "$sampler" ]]; then
        stop_pid "$sampler"
        forget_pid "$sampler"
    fi
    lag_end=$(lag)
    c1=$(cpu_s "$COLLECTOR_PID")
    s1=$(cpu_s "$STREAM_PID")
    j1=$(machine_jiffies)
    read -r c_rss c_hwm < <(rss_mb "$COLLECTOR_PID")
    read -r s_rss s_hwm < <(rss_mb "$STREAM_PID")
    [[ -f "$WORK/$run.json" ]] || die "the rate client wrote no result"
    acked_events=$(jq .events_acked "$WORK/$run.json")
    warm_req=$(jq .warmup_requests "$WORK/$run.json")

    # Drain: wait until every acknowledged event of the step is in the table.
    deadline=$((SECONDS + DRAIN_TIMEOUT_S))
    while :; do
        pending=$(lag | jq -r '.pending_files // 1')
        if [[ "$pending" == 0 ]] && (($(run_rows "$run") >= acked_events)); then
            break
        fi
        if ((SECONDS >= deadline)); then
            say "  not drained after ${DRAIN_TIMEOUT_S}s (pending files $pending); checking what is there"
            break
        fi
        sleep 1
    done
    drained_ms=$(($(now_ms) - t1))
    b1=$(lag | jq -r '.last_batch_id // -1')

    # Every acknowledged request's events, by request number; extra = rows of requests not acknowledged.
    sql bench_e2e -c "SET client_min_messages = warning" -c "CREATE TABLE IF NOT EXISTS bench_acked (run text, request bigint)" \
        -c "\\copy bench_acked (request) FROM '$WORK/$run.acked'" -c "UPDATE bench_acked SET run = '$run' WHERE run IS NULL"
    check=$(sql_value bench_e2e "
        WITH landed AS (
            SELECT split_part(event_id, '-', 2)::bigint AS request, count(*) AS n
              FROM user_events WHERE event_id >= '$run-' AND event_id < '$run.' GROUP BY 1)
        SELECT json_build_object(
            'acked_requests', (SELECT count(*) FROM bench_acked WHERE run = '$run'),
            'missing_events', (SELECT coalesce(sum($batch - coalesce(l.n, 0)), 0) FROM bench_acked a
                                 LEFT JOIN landed l USING (request) WHERE a.run = '$run'),
            'rows_in_table', (SELECT coalesce(sum(n), 0) FROM landed),
            'rows_of_unacked_requests', (SELECT coalesce(sum(n), 0) FROM landed l WHERE NOT EXISTS
                (SELECT 1 FROM bench_acked a WHERE a.run = '$run' AND a.request = l.request)))")
    # Per row, two bounds of received_at -> commit. created_at is now() of the inserting transaction,
    # i.e. when that partition's transaction began (before its COPY): the commit came later, so
    # created_at - received_at is a lower bound. Every row of a transaction has the same created_at;
    # the first "Batch N: ..." log line at or after it is when the batch's last partition had
    # committed: an upper bound.
    batches_json "$LOG" | jq -r '.[] | select(.committed_epoch_ms > 0) | .committed_epoch_ms' >"$WORK/$run.ends"
    sql bench_e2e -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS bench_batch_end" \
        -c "CREATE TABLE bench_batch_end (end_ms bigint)" -c "\\copy bench_batch_end FROM '$WORK/$run.ends'"
    latency=$(sql_value bench_e2e "
        WITH r AS MATERIALIZED (
                 SELECT received_at, created_at FROM user_events
                  WHERE event_id >= '$run-' AND event_id < '$run.'
                    AND split_part(event_id, '-', 2)::bigint >= $warm_req),
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
    batches_json "$LOG" $((b0 + 1)) "$b1" >"$WORK/$run.batches.json"
    secs=$(awk -v a="$tm" -v b="$t1" 'BEGIN { print (b - a) / 1000 }')
    STEP=$(jq -n --argjson rate "$rate" --arg run "$run" --argjson batch "$batch" --slurpfile client "$WORK/$run.json" \
        --argjson check "$check" --argjson latency "$latency" --argjson lag "$lag_end" --slurpfile batches "$WORK/$run.batches.json" \
        --argjson secs "$secs" --argjson drained "$drained_ms" \
        --argjson ccpu "$(awk -v a="$c0" -v b="$c1" -v s="$secs" 'BEGIN { printf "%.2f", (b - a) / s }')" \
        --argjson scpu "$(awk -v a="$s0" -v b="$s1" -v s="$secs" 'BEGIN { printf "%.2f", (b - a) / s }')" \
        --argjson mcpu "$(machine_cores "$j0" "$j1")" \
        --argjson crss "$c_rss" --argjson chwm "$c_hwm" --argjson srss "$s_rss" --argjson shwm "$s_hwm" '
        def pct(p): if length == 0 then null else (sort | .[((length - 1) * p | floor)]) end;
        $batches[0] as $b
        | ($b | map(select(.rows > 0 or .files > 0))) as $d
        | {rate: $rate, run_id: $run, batch: $batch, seconds: $secs, client: $client[0], check: $check,
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
}

# The sustain phase's results, from its step (the input) and its /lag samples ($samples). The verdict:
# flat = the stream kept up: the mean oldest_pending_age_ms of /lag in the last minute is at most
# max(2 s, 1.5 x its mean in the first minute), AND the client kept its rate (events_acked >= 99 % of
# the events due). "Minute" is min(60 s, a third of the duration) at each end (lag_window_s).
# lag_slope_ms_per_min: the least-squares slope of oldest_pending_age_ms over time, in ms per minute.
SUSTAIN_JQ='
    def mean: if length == 0 then null else (add / length * 10 | round / 10) end;
    def age: .oldest_pending_age_ms // 0;
    . as $step | $step.client as $client
    | $client.start_epoch_ms as $s | $duration_s as $D | ([60, $D / 3] | min * 10 | round / 10) as $W
    | ($samples | map({t_s: (((.epoch_ms - $s) / 100 | round) / 10)} + del(.epoch_ms))
                | map(select(.t_s >= -1 and .t_s <= $D + 1))) as $lag
    | ($lag | map(select(.t_s < $W) | age) | mean) as $first
    | ($lag | map(select(.t_s >= $D - $W) | age) | mean) as $last
    | ($lag | length) as $n
    | (if $n < 2 then null else
        ($lag | map(.t_s / 60) | add / $n) as $tm | ($lag | map(age) | add / $n) as $ym
        | ($lag | map((.t_s / 60 - $tm) * (.t_s / 60 - $tm)) | add) as $sxx
        | ($lag | map((.t_s / 60 - $tm) * (age - $ym)) | add) as $sxy
        | if $sxx > 0 then ($sxy / $sxx * 10 | round / 10) else null end end) as $slope
    | ($client.requests_due * $client.batch) as $due
    | ($client.events_acked >= 0.99 * $due) as $kept
    | {collector_roll_interval: $roll, stream_trigger_interval: $trigger, duration_s: $D}
      + $step
      + {lag_samples: $lag, lag_window_s: $W,
       lag_first_minute_mean_ms: $first, lag_last_minute_mean_ms: $last, lag_slope_ms_per_min: $slope,
       events_due: $due, kept_rate: $kept,
       flat: ($kept and $first != null and $last != null and $last <= ([2000, 1.5 * $first] | max)),
       flat_definition: "last-minute mean oldest_pending_age_ms <= max(2000, 1.5 x first-minute mean) and events_acked >= 99 % of due"}'

CI=0
for config in "${CONFIG_LIST[@]}"; do
    CI=$((CI + 1))
    ROLL=${config%/*}
    TRIGGER=${config#*/}
    say "config $config: COLLECTOR_ROLL_INTERVAL=$ROLL STREAM_TRIGGER_INTERVAL=$TRIGGER"
    fresh_db bench_e2e
    apply_schema bench_e2e
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
    : >"$WORK/steps-$CI.json"
    SI=0
    for rate in "${RATE_LIST[@]}"; do
        SI=$((SI + 1))
        RUN="e${CI}s${SI}r$(printf '%04x' $((RANDOM % 65536)))"
        STEP_BATCH=$(batch_for "$rate")
        say "  step $rate events/s, $STEP_BATCH per request: ${WARMUP} warm-up + ${DURATION} measured (run id $RUN) ..."
        run_step "$rate" "$RUN" "$DURATION" "$WARMUP" "$STEP_BATCH"
        echo "$STEP" >>"$WORK/steps-$CI.json"
        say "  $(jq -r '"\(.client.events_per_sec) events/s acked; received_at->created_at p50 \(.table_latency_ms.p50) ms p99 \(.table_latency_ms.p99) ms, ->batch end p50 \(.table_latency_ms.upper_p50) p99 \(.table_latency_ms.upper_p99); /lag p50 \(.lag_at_end.e2e_latency_ms.p50) p99 \(.lag_at_end.e2e_latency_ms.p99); missing \(.check.missing_events); \(.batches.per_sec) batches/s, \(.batches.files_per_sec) files/s; cores: collector \(.cpu_cores.collector) stream \(.cpu_cores.stream) machine \(.cpu_cores.machine)"' <<<"$STEP")"
    done
    if ((SUSTAIN > 0 && CI == ${#CONFIG_LIST[@]})); then
        RUN="e${CI}sustain$(printf '%04x' $((RANDOM % 65536)))"
        STEP_BATCH=$(batch_for "$SUSTAIN")
        say "  sustain $SUSTAIN events/s, $STEP_BATCH per request, for $SUSTAIN_DURATION; /lag every $((LAG_EVERY_MS / 1000)) s (run id $RUN) ..."
        run_step "$SUSTAIN" "$RUN" "$SUSTAIN_DURATION" 0s "$STEP_BATCH" "$WORK/$RUN.lag"
        touch "$WORK/$RUN.lag"
        SUSTAIN_JSON=$(jq --slurpfile samples "$WORK/$RUN.lag" --argjson duration_s "$(ms_to_s "$SUSTAIN_MS")" \
            --arg roll "$ROLL" --arg trigger "$TRIGGER" "$SUSTAIN_JQ" <<<"$STEP")
        add --argjson s "$SUSTAIN_JSON" '.sustain = $s'
        say "  $(jq -r '"sustain: \(.client.events_per_sec) events/s acked (kept rate: \(.kept_rate)); oldest pending age mean \(.lag_first_minute_mean_ms) ms in the first \(.lag_window_s) s, \(.lag_last_minute_mean_ms) ms in the last, slope \(.lag_slope_ms_per_min) ms/min: flat \(.flat); missing \(.check.missing_events)"' <<<"$SUSTAIN_JSON")"
    fi
    stop_all_started
    add --arg roll "$ROLL" --arg trigger "$TRIGGER" --argjson cr "$COLLECTOR_READY_MS" --argjson sr "$STREAM_READY_MS" \
        --slurpfile steps "$WORK/steps-$CI.json" \
        '.configs += [{collector_roll_interval: $roll, stream_trigger_interval: $trigger,
                       collector_ready_ms: $cr, stream_ready_ms: $sr, steps: $steps}]'
    drop_dbs
    rm -rf "$DATA"
done

bench_finish
LOST=$(jq '[.configs[].steps[].check.missing_events, (.sustain.check.missing_events // 0)] | add' "$RESULT_FILE")
if [[ "$LOST" != 0 ]]; then
    echo "$NAME: $LOST acknowledged events are not in PostgreSQL: this run is invalid" >&2
    exit 1
fi
