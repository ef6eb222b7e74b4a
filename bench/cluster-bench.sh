#!/usr/bin/env bash
# shellcheck disable=SC2016 # $names in single quotes are jq's, not the shell's
# What the sink costs on a Spark standalone cluster against Spark inside the service, per core: the same
# rows of raw CSV are loaded by the packaged stream service into a fresh database once per mode: `local`
# (STREAM_SPARK_MASTER=local[2]: the service runs the tasks itself) and `clusterWxC` (a master and W
# workers of C cores each, started here from spark-home's jars; the service is the driver, the executors
# the workers start parse and COPY). Per mode: rows/s, and the CPU seconds of the driver, the executors,
# the cluster's daemons, PostgreSQL and the whole machine over the load. Writes
# bench/results/cluster-<UTC date>.json and prints a table. See bench/README.md.
set -euo pipefail
NAME=cluster-bench
# shellcheck source=bench/stream-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/stream-lib.sh"

MODES="${BENCH_CLUSTER_MODES:-local,cluster1x2,cluster2x1}"
ROWS="${BENCH_CLUSTER_ROWS:-1000000}"
FILES="${BENCH_CLUSTER_FILES:-100}"
LOCAL_MASTER="${BENCH_CLUSTER_LOCAL_MASTER:-local[2]}"
EXECUTOR_MEMORY="${BENCH_CLUSTER_EXECUTOR_MEMORY:-1g}"
WORKER_MEMORY="${BENCH_CLUSTER_WORKER_MEMORY:-1536m}"
MASTER_PORT="${BENCH_SPARK_MASTER_PORT:-17177}"
MASTER_UI_PORT="${BENCH_SPARK_MASTER_UI_PORT:-18190}"
SPARK_HOME_DIR="${BENCH_SPARK_HOME:-spark-home/target/spark-home}"
PORT="${BENCH_STREAM_PORT:-18082}"
BUILD=auto

usage() {
    cat <<EOF
usage: bench/cluster-bench.sh [options]
       bench/cluster-bench.sh --table bench/results/cluster-<date>.json

  --modes LIST             local and/or clusterWxC (W workers of C cores each), in order
                                                      (env BENCH_CLUSTER_MODES, default $MODES)
  --rows N                 rows loaded in each mode, the same CSV for all (env BENCH_CLUSTER_ROWS, default $ROWS)
  --files N                CSV files they are written in (N divides --rows) (env BENCH_CLUSTER_FILES, default $FILES)
  --local-master M         STREAM_SPARK_MASTER of mode local      (env BENCH_CLUSTER_LOCAL_MASTER, default $LOCAL_MASTER)
  --executor-memory SIZE   spark.executor.memory of the driver    (env BENCH_CLUSTER_EXECUTOR_MEMORY, default $EXECUTOR_MEMORY)
  --worker-memory SIZE     memory each worker offers             (env BENCH_CLUSTER_WORKER_MEMORY, default $WORKER_MEMORY)
  --master-port P          the master's port                     (env BENCH_SPARK_MASTER_PORT, default $MASTER_PORT)
  --master-ui-port P       the master's web UI (its /json/); worker i's UI is P + i
                                                      (env BENCH_SPARK_MASTER_UI_PORT, default $MASTER_UI_PORT)
  --spark-home DIR         a SPARK_HOME with jars/                (env BENCH_SPARK_HOME, default $SPARK_HOME_DIR,
                           which ./mvnw -Pcluster package -pl spark-home makes)
  --port P                 the stream service's HTTP port         (env BENCH_STREAM_PORT, default $PORT)
  --table FILE             print a results file of this script again, and exit
  --no-build               use the jars as they are (spark-home's too)
  -h, --help               this text

STREAM_* variables in the environment reach the stream service, except STREAM_SPARK_MASTER, which the
mode sets; BENCH_JAVA_OPTS adds JVM options to it (cluster modes add -Dspark.executor.memory).
PostgreSQL from PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres); databases bench_cluster_* are
created and dropped (BENCH_KEEP_DB=1 keeps them). Waits for a quiet machine before each load
(BENCH_QUIET_TIMEOUT).
EOF
}

# print_table FILE: a results file of this script as tables.
print_table() {
    local file=$1
    jq -r '"cluster bench \(.date), commit \(.git_commit)\(if .git_dirty then " (uncommitted changes)" else "" end), \(.machine.nproc) cores, \(.machine.mem_total_mb) MiB, PostgreSQL \(.machine.postgres // "?") shared_buffers \(.machine.shared_buffers // "?"), load at start \(.machine.loadavg_at_start // "?")",
        "\(.data.rows) rows in \(.data.files) files per mode (+ \(.settings.warmup_rows) warm-up rows in \(.settings.warmup_files // "?") files first, not counted); executors \(.settings.executor_memory), workers \(.settings.worker_memory) each",
        "CPU seconds over the load (publish -> all rows committed); spark = driver + executors; local: the driver runs the tasks"' "$file"
    echo
    jq -r '(.runs | map(select(.mode == "local")) | first | .rows_per_sec) as $local
        | ["mode", "spark cores", "rows/s", "rows/s/core", "vs local", "driver s", "executors s", "daemons s", "postgres s",
           "machine s", "rows/exec cpu s", "rows/spark cpu s", "rows/machine cpu s", "machine cores"],
          (.runs[] | [.mode, .spark_cores, .rows_per_sec, .rows_per_sec_per_spark_core,
            (if $local then ((.rows_per_sec / $local * 100 | round) / 100) else null end),
            .cpu_s.driver, .cpu_s.executors, .cpu_s.cluster_daemons, .cpu_s.postgres, .cpu_s.machine,
            .rows_per_executor_cpu_s, .rows_per_spark_cpu_s, .rows_per_machine_cpu_s, .cpu_cores.machine])
        | map(if . == null then "-" else . end) | @tsv' "$file" | column -t -s $'\t'
    echo
    jq -r '.runs[] | "\(.mode): \(.stream.batches) batches, \(.stream.seconds) s first batch start -> last commit, window \(.window_s) s; cores: driver \(.cpu_cores.driver), executors \(.cpu_cores.executors // "-"), postgres \(.cpu_cores.postgres // "-"), other \(.cpu_cores.other // "-")\(if .executors then "; \(.executors.count) executor(s), \(.executors.app_cores // "?") cores granted, executor log: \(.executors.log_errors) ERROR / \(.executors.log_warnings) WARN lines" else "" end); driver log \(.driver_log_errors) ERROR lines; RSS driver peak \(.stream.rss_peak_mb) MB"' "$file"
    jq -r '.runs[] | select(.executors and (.executors.first_errors | length) > 0) | "\(.mode) executor errors (first):", (.executors.first_errors[] | "  \(.)")' "$file"
}

while (($#)); do
    case "$1" in
        --modes) MODES="$2"; shift 2 ;;
        --rows) ROWS="$2"; shift 2 ;;
        --files) FILES="$2"; shift 2 ;;
        --local-master) LOCAL_MASTER="$2"; shift 2 ;;
        --executor-memory) EXECUTOR_MEMORY="$2"; shift 2 ;;
        --worker-memory) WORKER_MEMORY="$2"; shift 2 ;;
        --master-port) MASTER_PORT="$2"; shift 2 ;;
        --master-ui-port) MASTER_UI_PORT="$2"; shift 2 ;;
        --spark-home) SPARK_HOME_DIR="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --table)
            need jq column
            print_table "$(caller_path "$2")"
            exit 0 ;;
        --no-build) BUILD=never; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "$NAME: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

IFS=', ' read -r -a MODE_LIST <<<"$MODES"
((${#MODE_LIST[@]} > 0)) || die "--modes needs at least one mode"
MAX_WORKERS=0
for mode in "${MODE_LIST[@]}"; do
    if [[ "$mode" =~ ^cluster([1-9][0-9]*)x([1-9][0-9]*)$ ]]; then
        if ((BASH_REMATCH[1] > MAX_WORKERS)); then MAX_WORKERS=${BASH_REMATCH[1]}; fi
    elif [[ "$mode" != local ]]; then
        die "unknown mode $mode: local or clusterWxC (W workers of C cores, e.g. cluster2x1)"
    fi
done
positive_ints "$ROWS" "$FILES" "$MASTER_PORT" "$MASTER_UI_PORT" "$PORT"
((ROWS % FILES == 0)) || die "--files ($FILES) must divide --rows ($ROWS)"
ROWS_PER_FILE=$((ROWS / FILES))
[[ "$LOCAL_MASTER" =~ ^local(\[([1-9][0-9]*|\*)\])?$ ]] || die "--local-master takes local, local[N] or local[*]"

# Megabytes in a Spark memory size (512m, 1g, 1536m).
size_mb() {
    case "$1" in
        *[gG]) echo $((${1%[gG]} * 1024)) ;;
        *[mM]) echo $((${1%[mM]})) ;;
        *) die "not a memory size: $1 (use e.g. 1g, 1536m)" ;;
    esac
}
[[ "$EXECUTOR_MEMORY$WORKER_MEMORY" =~ ^[0-9]+[mMgG][0-9]+[mMgG]$ ]] || die "memory sizes are e.g. 1g or 1536m"
(($(size_mb "$EXECUTOR_MEMORY") <= $(size_mb "$WORKER_MEMORY"))) ||
    die "--executor-memory $EXECUTOR_MEMORY does not fit into --worker-memory $WORKER_MEMORY: no executor would start"
SPARK_HOME_DIR=$(caller_path "$SPARK_HOME_DIR")
SPARK_HOME_DIR=$(realpath -m "$SPARK_HOME_DIR")

need curl jq psql java awk ss column
pg_check
note_default_ports
build_if_stale "$BUILD" stream-service bench
[[ -f stream-service/target/quarkus-app/executor/stream-executor.jar ]] ||
    die "stream-service/target/quarkus-app/executor/stream-executor.jar is missing; build the stream service again"
if ((MAX_WORKERS > 0)) && ! compgen -G "$SPARK_HOME_DIR/jars/spark-core_*.jar" >/dev/null; then
    if [[ "$BUILD" == auto && "$SPARK_HOME_DIR" == "$PWD/spark-home/target/spark-home" ]]; then
        say "building spark-home (a SPARK_HOME's jars/ from Maven Central) ..."
        ./mvnw -q -B -ntp -Pcluster package -pl spark-home
    else
        die "$SPARK_HOME_DIR/jars has no Spark; build it with ./mvnw -Pcluster package -pl spark-home"
    fi
fi
refuse_taken_port "$PORT"
if ((MAX_WORKERS > 0)); then
    for p in "$MASTER_PORT" $(seq "$MASTER_UI_PORT" $((MASTER_UI_PORT + MAX_WORKERS))); do
        [[ "$p" != "$PORT" ]] || die "port $p is both the stream service's and the cluster's"
        refuse_taken_port "$p"
    done
fi

bench_begin cluster
BASE_JAVA_OPTS="${BENCH_JAVA_OPTS:-}"
WARMUP_FILES="${BENCH_SINK_WARMUP_FILES:-}"
PG_PID=$(pg_server_pid)
[[ -n "$PG_PID" ]] || say "PostgreSQL does not run on this machine as far as /proc shows: its CPU is not measured"
results_head_json | jq --argjson rows "$ROWS" --argjson files "$FILES" --arg local "$LOCAL_MASTER" \
    --argjson modes "$(printf '%s\n' "${MODE_LIST[@]}" | jq -R -s -c 'split("\n") | map(select(length > 0))')" \
    --arg em "$EXECUTOR_MEMORY" --arg wm "$WORKER_MEMORY" --argjson mp "$MASTER_PORT" --argjson up "$MASTER_UI_PORT" \
    --arg home "$(repo_relative "$SPARK_HOME_DIR")" --arg opts "$BASE_JAVA_OPTS" \
    --argjson warm "${BENCH_SINK_WARMUP_ROWS:-20000}" --arg warm_files "${WARMUP_FILES:-2 per spark core}" \
    --arg stream_env "$(env | grep '^STREAM_' | grep -v '^STREAM_SPARK_MASTER=' | sort | tr '\n' ' ')" \
    '. + {scenario: "cluster", settings: {modes: $modes, rows: $rows, files: $files, local_master: $local,
          executor_memory: $em, worker_memory: $wm, master_port: $mp, master_ui_port: $up, spark_home: $home,
          warmup_rows: $warm, warmup_files: $warm_files, java_opts: $opts, stream_env: $stream_env}}' >"$OUT"

# --- the Spark standalone cluster ------------------------------------------------------------------

# Kept out of STARTED_PIDS: on exit the stream service (the driver) stops first, then stop_cluster.
CLUSTER_DIR=""
MASTER_PID=""
WORKER_PIDS=()
CLEANUP_HOOKS+=(stop_cluster)

# spark_daemon LOG [ENV_ARG ...] -- CLASS ARG...: a master or worker as a distribution's spark-class runs
# it (SPARK_DAEMON_MEMORY's default -Xmx1g, the add-opens), in the background; DAEMON_PID is its pid.
spark_daemon() {
    local log=$1 env_args=()
    shift
    while [[ "$1" != -- ]]; do
        env_args+=("$1")
        shift
    done
    shift
    # A worker builds its executors' command line from SPARK_HOME/jars with Spark's launcher, which must
    # know the Scala version; SPARK_LOCAL_IP keeps every address on the loopback interface.
    # shellcheck disable=SC2046 # the add-opens are a list of options
    env SPARK_HOME="$SPARK_HOME_DIR" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 "${env_args[@]}" \
        java -Xmx1g $(spark_add_opens) -cp "$SPARK_HOME_DIR/jars/*" "$@" >"$log" 2>&1 &
    DAEMON_PID=$!
}

master_json() {
    curl -sf --max-time 2 "http://127.0.0.1:$MASTER_UI_PORT/json/"
}

# start_cluster WORKERS CORES MODE: a master, then WORKERS workers of CORES cores and WORKER_MEMORY each, in
# CLUSTER_DIR = $WORK/<mode>-cluster (logs/, worker-i/ = the work dir with the executors' stdout and
# stderr, worker-i-local/ = their scratch space); returns once the master lists them all ALIVE.
start_cluster() {
    local workers=$1 cores=$2 mode=$3 i alive deadline=$((SECONDS + READY_TIMEOUT_S)) t0
    CLUSTER_DIR="$WORK/$mode-cluster"
    mkdir -p "$CLUSTER_DIR/logs"
    t0=$(now_ms)
    spark_daemon "$CLUSTER_DIR/logs/master.log" -- org.apache.spark.deploy.master.Master \
        --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI_PORT"
    MASTER_PID=$DAEMON_PID
    for ((i = 1; i <= workers; i++)); do
        mkdir -p "$CLUSTER_DIR/worker-$i" "$CLUSTER_DIR/worker-$i-local"
        spark_daemon "$CLUSTER_DIR/logs/worker-$i.log" SPARK_LOCAL_DIRS="$CLUSTER_DIR/worker-$i-local" -- \
            org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$MASTER_PORT" --host 127.0.0.1 \
            --cores "$cores" --memory "$WORKER_MEMORY" --webui-port $((MASTER_UI_PORT + i)) --work-dir "$CLUSTER_DIR/worker-$i"
        WORKER_PIDS+=("$DAEMON_PID")
    done
    until alive=$(master_json | jq --argjson c "$cores" '[.workers[] | select(.state == "ALIVE" and .cores == $c)] | length' 2>/dev/null) &&
        ((alive == workers)); do
        for i in "$MASTER_PID" "${WORKER_PIDS[@]}"; do
            kill -0 "$i" 2>/dev/null && continue
            tail -n 20 "$CLUSTER_DIR"/logs/*.log >&2
            die "a Spark daemon (pid $i) exited during start-up (logs above)"
        done
        ((SECONDS < deadline)) || { tail -n 20 "$CLUSTER_DIR"/logs/*.log >&2; die "the master did not list $workers ALIVE workers within ${READY_TIMEOUT_S}s"; }
        sleep 0.25
    done
    say "Spark master on 127.0.0.1:$MASTER_PORT with $workers worker(s) of $cores core(s) ready in $(($(now_ms) - t0)) ms"
}

# Stops the workers (each kills its executors), then any executor left, then the master.
stop_cluster() {
    local executors=() pid
    [[ -n "$MASTER_PID" ]] || return 0
    for pid in "${WORKER_PIDS[@]}"; do
        mapfile -t -O "${#executors[@]}" executors < <(child_pids "$pid")
    done
    for pid in "${WORKER_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${WORKER_PIDS[@]}" "${executors[@]}" "$MASTER_PID"; do
        stop_pid "$pid"
    done
    WORKER_PIDS=()
    MASTER_PID=""
}

# executors_cpu_s: CPU seconds of every worker's children (the executors, also those that ended).
executors_cpu_s() {
    local pid
    for pid in "${WORKER_PIDS[@]}"; do
        children_cpu_s "$pid"
    done | awk '{ s += $1 } END { printf "%.2f\n", s }'
}

# --- CPU over the load window (stream_load calls it next to reading the driver's CPU) --------------

# window_cpu start|end: appends {phase, epoch_ms, machine_busy_s, executors_cpu_s, daemons_cpu_s,
# postgres_cpu_s, quiet_waited_s} (+ at the end: the executors' count, the master's view) to $WORK/window.
# The time and the machine's jiffies are read first, the processes' CPU right after, the rest last.
window_cpu() {
    local phase=$1 t busy pid daemons=null exec_cpu=null pg=null app=null count=null
    t=$(now_ms)
    read -r busy _ < <(machine_jiffies)
    if [[ -n "$MASTER_PID" ]]; then
        exec_cpu=$(executors_cpu_s)
        daemons=$(for pid in "$MASTER_PID" "${WORKER_PIDS[@]}"; do cpu_s "$pid"; done | awk '{ s += $1 } END { printf "%.2f\n", s }')
    fi
    if [[ -n "$PG_PID" ]]; then
        pg=$(awk -v a="$(cpu_s "$PG_PID")" -v b="$(children_cpu_s "$PG_PID")" 'BEGIN { printf "%.2f\n", a + b }')
    fi
    if [[ -n "$MASTER_PID" && "$phase" == end ]]; then
        count=$(for pid in "${WORKER_PIDS[@]}"; do child_pids "$pid"; done | wc -l)
        app=$(master_json | jq -c '{app: ([.activeapps[] | select(.name == "stream-service")] | first),
            workers: [.workers[] | {id, cores, coresused, memory, memoryused, state}]}' 2>/dev/null || true)
        app=${app:-null}
    fi
    jq -n -c --arg phase "$phase" --argjson t "$t" \
        --argjson busy "$(ticks_s "$busy")" \
        --argjson ex "$exec_cpu" --argjson d "$daemons" --argjson pg "$pg" --argjson count "$count" \
        --argjson app "$app" --argjson quiet "${QUIET_WAITED_S:-0}" \
        '{phase: $phase, epoch_ms: $t, machine_busy_s: $busy, executors_cpu_s: $ex, daemons_cpu_s: $d, postgres_cpu_s: $pg,
          executor_count: $count, master: $app, quiet_waited_s: $quiet}' >>"$WORK/window"
}
STREAM_LOAD_WINDOW_HOOK=window_cpu

# Lines of the executors' stderr (Spark's log4j default: "yy/MM/dd HH:mm:ss LEVEL Class: message") of a
# level, from every worker's work dir of the current cluster; less "RECEIVED SIGNAL TERM", which every
# executor logs as an ERROR when its worker stops it at the application's end.
executor_log_lines() {
    find "$CLUSTER_DIR" -path '*/worker-*/app-*/*' -name stderr -print0 | xargs -0 -r grep -h -- " $1 " |
        grep -v 'RECEIVED SIGNAL TERM' || true
}

# first_lines TEXT: its first 5 non-empty lines as a JSON array.
first_lines() {
    head -n 5 <<<"$1" | jq -R -s -c 'split("\n") | map(select(length > 0))'
}

# --- the data -----------------------------------------------------------------------------------------

say "writing $ROWS rows in $FILES files ..."
DATA_JSON=$(java -jar "$BENCH_JAR" csv --out "$WORK/csv" --files "$FILES" --rows-per-file "$ROWS_PER_FILE" --ids uuid7 --seed 42)
add --argjson d "$DATA_JSON" '.data = $d'

# --- the modes ------------------------------------------------------------------------------------------

: >"$WORK/runs"
for mode in "${MODE_LIST[@]}"; do
    db="bench_cluster_${mode}"
    fresh_db "$db"
    PGOPTIONS="-c client_min_messages=warning" apply_schema "$db" >/dev/null
    sql "$db" -c CHECKPOINT >/dev/null
    : >"$WORK/window"
    workers=0 cores=0
    if [[ "$mode" == local ]]; then
        master=$LOCAL_MASTER
        case "$LOCAL_MASTER" in
            local) spark_cores=1 ;;
            'local[*]') spark_cores=$(nproc) ;;
            *) spark_cores=${LOCAL_MASTER//[!0-9]/} ;;
        esac
        export STREAM_SPARK_MASTER="$master"
        BENCH_JAVA_OPTS="$BASE_JAVA_OPTS"
        say "$mode: Spark inside the stream service ($master) ..."
    else
        [[ "$mode" =~ ^cluster([0-9]+)x([0-9]+)$ ]]
        workers=${BASH_REMATCH[1]} cores=${BASH_REMATCH[2]} spark_cores=$((workers * cores))
        master="spark://127.0.0.1:$MASTER_PORT"
        say "$mode: a fresh cluster of $workers worker(s) with $cores core(s), the stream service its driver ..."
        start_cluster "$workers" "$cores" "$mode"
        export STREAM_SPARK_MASTER="$master" SPARK_LOCAL_IP=127.0.0.1
        BENCH_JAVA_OPTS="$BASE_JAVA_OPTS -Dspark.executor.memory=$EXECUTOR_MEMORY"
    fi
    # Warm-up files: two per Spark core, so that every core (every executor) gets a task of the warm-up.
    BENCH_SINK_WARMUP_FILES=${WARMUP_FILES:-$((2 * spark_cores))}
    stream_load "$mode" "$db" "$WORK/csv" "$ROWS" "$PORT" 0 "$mode"
    unset SPARK_LOCAL_IP
    executors_json=null
    if [[ -n "$MASTER_PID" ]]; then
        stop_cluster
        errors=$(executor_log_lines ERROR)
        warnings=$(executor_log_lines WARN)
        n_errors=$(grep -c . <<<"$errors" || true)
        executors_json=$(jq -n -c --argjson w "$(jq -c 'select(.phase == "end")' "$WORK/window")" \
            --argjson n "$n_errors" --argjson warns "$(grep -c . <<<"$warnings" || true)" \
            --argjson first "$(first_lines "$errors")" --argjson first_warn "$(first_lines "$warnings")" '
            {count: $w.executor_count, app_cores: $w.master.app.cores,
             memory_per_executor_mb: ($w.master.app.memoryperexecutor // $w.master.app.memoryperslave),
             workers: $w.master.workers, log_errors: $n, log_warnings: $warns, first_errors: $first,
             first_warnings: $first_warn}')
        ((n_errors == 0)) || say "$mode: $n_errors ERROR line(s) in the executors' stderr, the first: $(head -n 1 <<<"$errors")"
    fi
    driver_errors=$(grep -c ' ERROR ' "$WORK/$mode.log" || true)
    jq -n -c --arg mode "$mode" --arg master "$master" --argjson workers "$workers" --argjson cores "$cores" \
        --argjson spark_cores "$spark_cores" --argjson load "$STREAM_LOAD_JSON" --slurpfile w "$WORK/window" \
        --argjson ex "$executors_json" --argjson derr "$driver_errors" --arg em "$EXECUTOR_MEMORY" '
        def r2: . * 100 | round / 100;
        def per($cpu): if $cpu != null and $cpu > 0 then ($load.rows / $cpu | round) else null end;
        def d($k): if $w[0][$k] == null then null else ($w[1][$k] - $w[0][$k] | r2) end;
        (($w[1].epoch_ms - $w[0].epoch_ms) / 1000) as $s
        | $load.service_cpu_s as $driver | d("executors_cpu_s") as $exec | d("daemons_cpu_s") as $daemons
        | d("postgres_cpu_s") as $pg | d("machine_busy_s") as $machine
        | ($driver + ($exec // 0) | r2) as $spark
        | {cpu_s: {driver: ($driver | r2), executors: $exec, spark: $spark, cluster_daemons: $daemons, postgres: $pg,
                   machine: $machine, other: ([$machine - $spark - ($daemons // 0) - ($pg // 0), 0] | max | r2)}} as $c
        | {mode: $mode, master: $master, workers: $workers, cores_per_worker: $cores, spark_cores: $spark_cores,
           executor_memory: (if $workers > 0 then $em else null end),
           rows: $load.rows, rows_per_sec: $load.rows_per_sec,
           rows_per_sec_per_spark_core: ($load.rows_per_sec / $spark_cores | round),
           window_s: $s, quiet_waited_s: $w[0].quiet_waited_s}
          + $c
          + {cpu_cores: ($c.cpu_s | map_values(if . == null then null else (. / $s | r2) end)),
             rows_per_executor_cpu_s: per($exec), rows_per_spark_cpu_s: per($spark),
             rows_per_machine_cpu_s: per($machine),
             executors: $ex, driver_log_errors: $derr, stream: $load}' >>"$WORK/runs"
    say "$mode: $(jq -r '"\(.rows_per_sec) rows/s; CPU s: driver \(.cpu_s.driver), executors \(.cpu_s.executors // "-"), postgres \(.cpu_s.postgres // "-"), machine \(.cpu_s.machine)"' <(tail -n 1 "$WORK/runs"))"
    drop_db "$db"
    rm -rf "$WORK/$mode-data"
done
unset STREAM_SPARK_MASTER

add --slurpfile runs "$WORK/runs" '.runs = $runs'
RESULTS_PRINTER=print_table
bench_finish
