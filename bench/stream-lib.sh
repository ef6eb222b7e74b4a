# shellcheck shell=bash disable=SC2016 # $names in single quotes are jq's, not the shell's
# Shared by the stream-service benchmarks (sink, e2e, growth, startup, table-growth, cluster): sourced, not run.
# Expects the caller to have set `set -euo pipefail` and NAME (the script's short name, for messages);
# sources bench/lib/common.sh, which cd's to the repository root. See bench/README.md.

# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# PostgreSQL: the libpq variables, defaulting to the local server with trust auth.
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

# The schema every benchmark database gets (--schema FILE in sink-bench.sh and table-growth-bench.sh).
SCHEMA_FILE=sql/postgres_setup.sql

# --- PostgreSQL ----------------------------------------------------------------------------------

CREATED_DBS=()
CLEANUP_HOOKS+=(drop_dbs) # on exit, error and Ctrl-C (bench_cleanup)

pg_check() {
    psql -X -qAt -d postgres -c 'select 1' >/dev/null 2>&1 ||
        die "PostgreSQL does not answer at $PGHOST:$PGPORT as $PGUSER (set PGHOST/PGPORT/PGUSER)"
}

# A new empty database (dropped first if a previous run left it); dropped again on exit.
fresh_db() {
    local db=$1
    [[ "$db" =~ ^bench_[a-z0-9_]+$ ]] || die "refusing to drop a database not named bench_*: $db"
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
    CREATED_DBS+=("$db")
}

drop_dbs() {
    local db
    [[ "${BENCH_KEEP_DB:-}" == 1 ]] && return 0
    for db in "${CREATED_DBS[@]}"; do
        psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || true
    done
    CREATED_DBS=()
}

sql() {
    local db=$1
    shift
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

sql_value() {
    psql -X -qAt -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

jdbc_url() {
    echo "jdbc:postgresql://$PGHOST:$PGPORT/$1"
}

# drop_db DB: drops one database of this run now (unless BENCH_KEEP_DB=1).
drop_db() {
    local db=$1 keep=() d
    [[ "${BENCH_KEEP_DB:-}" == 1 ]] && return 0
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || true
    for d in "${CREATED_DBS[@]}"; do
        [[ "$d" == "$db" ]] || keep+=("$d")
    done
    CREATED_DBS=("${keep[@]}")
}

# use_schema FILE: the schema SQL the databases get instead of sql/postgres_setup.sql (--schema).
use_schema() {
    local file
    file=$(caller_path "$1")
    [[ -f "$file" ]] || die "no schema file $1"
    SCHEMA_FILE=$file
}

# apply_schema DB: runs SCHEMA_FILE in DB.
apply_schema() {
    sql "$1" -f "$SCHEMA_FILE"
}

# The pid of the PostgreSQL server's main process when it runs on this machine (the first line of its
# data directory's postmaster.pid), else nothing. Its backends are its children (children_cpu_s).
pg_server_pid() {
    local dir pid
    dir=$(sql_value postgres "SHOW data_directory" 2>/dev/null) || return 0
    [[ -r "$dir/postmaster.pid" ]] || return 0
    read -r pid <"$dir/postmaster.pid"
    case "$(cat "/proc/$pid/comm" 2>/dev/null)" in
        postgres | postmaster) echo "$pid" ;;
    esac
}

# The indexes of user_events with their definitions and sizes, as a JSON array.
indexes_json() {
    sql_value "$1" "SELECT coalesce(json_agg(json_build_object('index', c.relname,
            'definition', regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', ''),
            'mb', round(pg_relation_size(i.indexrelid) / 1048576.0, 1)) ORDER BY c.relname), '[]')
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'user_events'::regclass"
}

# --- machine and processes ----------------------------------------------------------------------

# sample_rss PID OUT: every 0.5 s "epoch_ms rss_kb" until the process ends or the sampler is stopped.
sample_rss() {
    local pid=$1 out=$2 key value rest rss
    while kill -0 "$pid" 2>/dev/null; do
        rss=0
        while read -r key value rest; do
            [[ "$key" == VmRSS: ]] && rss=$value
        done <"/proc/$pid/status" 2>/dev/null || true
        echo "$(now_ms) $rss" >>"$out"
        sleep 0.5
    done
}

# Heap of a JVM after a full GC, in MB (jcmd; empty when it cannot be read).
heap_after_gc_mb() {
    local pid=$1
    command -v jcmd >/dev/null || return 0
    jcmd "$pid" GC.run >/dev/null 2>&1 || return 0
    jcmd "$pid" GC.heap_info 2>/dev/null |
        awk '/garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); printf "%.0f\n", v / 1024; exit } }'
}

# The --add-opens options Spark needs on Java 17, as stream-service/pom.xml's spark.add-opens lists
# them, on one line (for a java command line of Spark's: SparkJdbcLoad, a standalone master or worker).
spark_add_opens() {
    sed -n '/<spark.add-opens>/,/<\/spark.add-opens>/p' stream-service/pom.xml | grep -o -- '--add-opens=[^ <]*' | tr '\n' ' '
}

# --- the stream service's debug log --------------------------------------------------------------

# Epoch ms of a log time HH:MM:SS.mmm (the service logs UTC wall time without a date): today's date,
# or yesterday's when that would be in the future.
log_time_ms() {
    local hms=$1 base now
    now=$(now_ms)
    base=$(date -u -d "$(date -u +%F) ${hms}" +%s%3N)
    if ((base > now + 3600000)); then
        base=$((base - 86400000))
    fi
    echo "$base"
}

# batches_tsv LOG: one line per micro-batch the service logged at DEBUG:
# batch files rows stage_ms inserted commit_ms committed_log_ms trigger_ms latest_offset_ms add_batch_ms
# wal_commit_ms commit_offsets_ms query_planning_ms get_batch_ms progress_log_ms load_ms quarantined
# Two forms of the service's line are read: "Batch N: F files, R rows loaded, K new, Q quarantined, in X ms"
# (each partition loads and commits its own files; load = X) and the earlier "Batch N: F files, R rows
# staged in X ms, K new committed in Y ms" (stage = X, commit = Y, load = X + Y). -1 = not logged.
batches_tsv() {
    local log=$1
    local day
    day=$(date -u +%F)
    awk '
        function ms(hms,   a) { split(hms, a, ":"); return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 }
        / Batch [0-9]+: [0-9]+ files, / {
            match($0, /Batch [0-9]+:/); b = substr($0, RSTART + 6, RLENGTH - 7) + 0
            n = split($0, w, " ")
            for (i = 1; i <= n; i++) {
                if (w[i] == "files,") files[b] = w[i - 1]
                if (w[i] == "rows" && w[i + 1] == "staged") { rows[b] = w[i - 1]; stage[b] = w[i + 3] }
                if (w[i] == "new" && w[i + 1] == "committed") { ins[b] = w[i - 1]; commit[b] = w[i + 3]; load[b] = stage[b] + commit[b] }
                if (w[i] == "rows" && w[i + 1] == "loaded,") rows[b] = w[i - 1]
                if (w[i] == "new,") ins[b] = w[i - 1]
                if (w[i] == "quarantined,") { quar[b] = w[i - 1]; if (w[i + 1] == "in") load[b] = w[i + 2] }
            }
            clog[b] = ms($1); seen[b] = 1
        }
        / Batch [0-9]+ took \{/ && /addBatch=/ {
            match($0, /Batch [0-9]+ took/); b = substr($0, RSTART + 6, RLENGTH - 11) + 0
            match($0, /\{[^}]*\}/); m = substr($0, RSTART + 1, RLENGTH - 2)
            k = split(m, kv, ", ")
            for (i = 1; i <= k; i++) { split(kv[i], p, "="); d[b, p[1]] = p[2] }
            plog[b] = ms($1); seen[b] = 1
        }
        function v(arr, key) { return (key in arr) ? arr[key] : -1 }
        function dv(key, name) { return ((key, name) in d) ? d[key, name] : -1 }
        END {
            for (b in seen) {
                printf "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", b,
                    (b in files) ? files[b] : 0, (b in rows) ? rows[b] : 0, v(stage, b),
                    (b in ins) ? ins[b] : 0, v(commit, b), v(clog, b),
                    dv(b, "triggerExecution"), dv(b, "latestOffset"), dv(b, "addBatch"), dv(b, "walCommit"),
                    dv(b, "commitOffsets"), dv(b, "queryPlanning"), dv(b, "getBatch"), v(plog, b),
                    v(load, b), (b in quar) ? quar[b] : 0
            }
        }' "$log" | sort -n | awk -v base="$(date -u -d "$day 00:00:00" +%s%3N)" -v now="$(now_ms)" '
        BEGIN { OFS = "\t" }
        {   # ms of day -> epoch ms (a log line in the future belongs to yesterday)
            for (i = 7; i <= 15; i += 8) if ($i >= 0) { $i = base + $i; if ($i > now + 3600000) $i -= 86400000 }
            print }'
}

# batches_json LOG [FIRST LAST]: the batches of batches_tsv (optionally only ids FIRST..LAST) as a JSON array.
batches_json() {
    local log=$1 first=${2:-0} last=${3:-999999999}
    batches_tsv "$log" | awk -v f="$first" -v l="$last" '$1 >= f && $1 <= l' | jq -R -s '
        split("\n") | map(select(length > 0) | split("\t") | map(tonumber) | {
            batch: .[0], files: .[1], rows: .[2], stage_ms: .[3], inserted: .[4], commit_ms: .[5],
            committed_epoch_ms: .[6], trigger_ms: .[7], latest_offset_ms: .[8], add_batch_ms: .[9],
            wal_commit_ms: .[10], commit_offsets_ms: .[11], query_planning_ms: .[12], get_batch_ms: .[13],
            progress_epoch_ms: .[14], load_ms: .[15], quarantined: .[16]})'
}

# --- results -------------------------------------------------------------------------------------

# The common head of every results file: date, commit, machine (with PostgreSQL's version and
# shared_buffers and the load average at the start).
results_head_json() {
    base_head_json | jq --arg pg "$(psql -X -qAt -d postgres -c 'show server_version' 2>/dev/null || echo unknown)" \
        --arg sb "$(psql -X -qAt -d postgres -c 'show shared_buffers' 2>/dev/null || echo unknown)" \
        --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
        '.machine += {postgres: $pg, shared_buffers: $sb, loadavg_at_start: $load}'
}

# --- one backlog loaded by the stream service (sink-bench.sh part (a), table-growth-bench.sh) -------

# stream_load TAG DB CSV_DIR ROWS PORT [ROWS_BEFORE] [LABEL]: the stream service starts on an empty
# data folder ($WORK/TAG-data) against DB; once it is ready (and the machine is quiet) CSV_DIR's files
# (copied first) are moved into raw/ at once, and it polls stream_batches (a tiny table; a count(*) of
# the growing table would steal CPU) until ROWS rows are committed. Time = from the start of the first
# batch with rows (the log time of Spark's progress line minus its triggerExecution) to the log time
# of the service's last "Batch N: ..." line. ROWS_BEFORE: rows already in user_events (not counted).
# Sets STREAM_LOAD_JSON: {rows, batches, ready_ms, seconds, rows_per_sec, publish_to_all_committed_s,
# load_ms_total, service_cpu_s, machine_cores_busy, rss_idle_mb, rss_peak_mb, hwm_mb, batch_log, ...}.
# Its log is $WORK/TAG.log. JVM options: BENCH_JAVA_OPTS (e.g. a flight recording). STREAM_LOAD_WINDOW_HOOK:
# a function called as `HOOK start` just before the files are published and `HOOK end` once all rows are
# seen committed, each next to the reading of service_cpu_s, to measure other processes over the same
# window (cluster-bench.sh: the executors and PostgreSQL).
stream_load() {
    local tag=$1 db=$2 csv=$3 rows=$4 port=$5 before=${6:-0} label=${7:-$1}
    local data="$WORK/$tag-data" log="$WORK/$tag.log" sampler rss_idle cpu0 cpu1 j0 mcores publish seen
    local deadline done_rows count hwm rss_peak batches
    rm -rf "$data"
    mkdir -p "$data/raw" "$data/pending"
    cp "$csv"/*.csv "$data/pending/"
    wait_quiet
    # (STREAM_PID is global: start_java's own locals would hide a local of this function.)
    start_java STREAM_PID "$log" "$port" "$STREAM_JAR" \
        PIPELINE_DATA_DIR="$data" QUARKUS_DATASOURCE_JDBC_URL="$(jdbc_url "$db")" \
        QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_LOG_CATEGORY__DEV_PIPELINE__LEVEL=DEBUG
    local pid=$STREAM_PID
    say "$label ready in ${READY_MS} ms"
    # A service that has been running has its code compiled: one batch of BENCH_SINK_WARMUP_ROWS rows
    # (default 20000; 0 = none) goes through first and is left out of the figures, so they measure the
    # sink, not the JIT compiler and Spark's first job (the start-up benchmark measures those). It is one
    # file, so one task, unless BENCH_SINK_WARMUP_FILES says more (cluster-bench.sh: every executor warms up).
    local warm=${BENCH_SINK_WARMUP_ROWS:-20000} warm_files=${BENCH_SINK_WARMUP_FILES:-1} warm_batches=0
    if ((warm > 0)); then
        ((warm_files >= 1 && warm_files <= warm)) || die "BENCH_SINK_WARMUP_FILES must be 1..BENCH_SINK_WARMUP_ROWS"
        warm=$((warm / warm_files * warm_files))
        java -jar "$BENCH_JAR" csv --out "$WORK/$tag-warmup" --files "$warm_files" --rows-per-file $((warm / warm_files)) \
            --name warmup >/dev/null
        mv "$WORK/$tag-warmup"/*.csv "$data/raw/"
        deadline=$((SECONDS + 300))
        until (($(sql_value "$db" "SELECT coalesce(sum(rows_staged), 0) FROM stream_batches") >= warm)); do
            ((SECONDS < deadline)) || die "$label: the warm-up batch was not committed within 300 s"
            sleep 0.2
        done
        warm_batches=$(sql_value "$db" "SELECT count(*) FROM stream_batches WHERE rows_staged > 0")
        say "$label warm-up: $warm rows in $warm_files file(s), $warm_batches batch(es)"
        before=$((before + warm))
    fi
    sleep 5
    read -r rss_idle _ < <(rss_mb "$pid")
    wait_quiet
    sample_rss "$pid" "$WORK/$tag.rss" &
    sampler=$!
    STARTED_PIDS+=("$sampler")
    if [[ -n "${STREAM_LOAD_WINDOW_HOOK:-}" ]]; then "$STREAM_LOAD_WINDOW_HOOK" start; fi
    cpu0=$(cpu_s "$pid")
    j0=$(machine_jiffies)
    publish=$(now_ms)
    mv "$data"/pending/*.csv "$data/raw/"
    deadline=$((SECONDS + ${BENCH_SINK_TIMEOUT:-900}))
    done_rows=0
    while ((done_rows < rows)); do
        ((SECONDS < deadline)) || die "$label: only $done_rows of $rows rows after ${BENCH_SINK_TIMEOUT:-900}s"
        kill -0 "$pid" 2>/dev/null || { tail -n 40 "$log" >&2; die "$label: the stream service died"; }
        sleep 0.2
        # stream_batches is a tiny table: polling it costs the load nothing, unlike count(*).
        done_rows=$(($(sql_value "$db" "SELECT coalesce(sum(rows_staged), 0) FROM stream_batches") - warm))
    done
    seen=$(now_ms)
    cpu1=$(cpu_s "$pid")
    mcores=$(machine_cores "$j0" "$(machine_jiffies)")
    if [[ -n "${STREAM_LOAD_WINDOW_HOOK:-}" ]]; then "$STREAM_LOAD_WINDOW_HOOK" end; fi
    sleep 2 # the listener logs Spark's progress of the last batch a moment after the commit
    stop_pid "$sampler"
    forget_pid "$sampler"
    read -r _ hwm < <(rss_mb "$pid")
    count=$(($(sql_value "$db" "SELECT count(*) FROM user_events") - before))
    batches=$(batches_json "$log")
    stop_pid "$pid"
    forget_pid "$pid"
    rss_peak=$(awk '{ if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$WORK/$tag.rss")
    STREAM_LOAD_JSON=$(jq -n --argjson b "$batches" --argjson rows "$count" --argjson publish "$publish" \
        --argjson seen "$seen" --argjson ready "$READY_MS" --argjson rss_idle "$rss_idle" \
        --argjson rss_peak "$rss_peak" --argjson hwm "$hwm" --argjson cpu "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }')" \
        --argjson mcores "$mcores" --argjson skip "$warm_batches" --argjson warm "$warm" --argjson warm_files "$warm_files" '
        ($b | map(select(.rows > 0)) | .[$skip:]) as $data
        | ($data | first) as $f | ($data | last) as $l
        | ($f.progress_epoch_ms - $f.trigger_ms) as $start
        | {rows: $rows, batches: ($data | length), ready_ms: $ready,
           first_batch_start_epoch_ms: $start, last_commit_epoch_ms: $l.committed_epoch_ms,
           seconds: (($l.committed_epoch_ms - $start) / 1000),
           rows_per_sec: (($rows / ($l.committed_epoch_ms - $start) * 1000) | floor), warmup_rows: $warm, warmup_files: $warm_files,
           publish_to_all_committed_s: (($seen - $publish) / 1000),
           load_ms_total: ($data | map(.load_ms) | add),
           service_cpu_s: $cpu, machine_cores_busy: $mcores,
           rss_idle_mb: $rss_idle, rss_peak_mb: $rss_peak, hwm_mb: $hwm, batch_log: $data}')
    say "$label $(jq -r '"\(.rows) rows in \(.batches) batches, \(.seconds) s from the first batch start to the last commit: \(.rows_per_sec) rows/s (our foreachBatch \(.load_ms_total) ms of it)"' <<<"$STREAM_LOAD_JSON")"
}

# --- the analytical queries (sink-bench.sh part explain, table-growth-bench.sh) ---------------------

# explain_queries DB: VACUUM ANALYZE, then each analytical query three times under
# EXPLAIN (ANALYZE, BUFFERS) (TimeZone UTC; "today" is since 00:00 UTC). Sets EXPLAIN_JSON:
# {table_rows, vacuum_analyze_ms, queries: [{name, sql, result_rows, execution_ms: [3 runs], plan,
# plan_summary}]}; plan_summary is the plan's nodes, outermost first, without their figures.
explain_queries() {
    local db=$1 t0 vacuum_ms user_id q i runs rows explains=()
    t0=$(now_ms)
    sql "$db" -c "VACUUM ANALYZE user_events"
    vacuum_ms=$(($(now_ms) - t0))
    user_id=$(sql_value "$db" "SELECT user_id FROM user_events ORDER BY id DESC LIMIT 1")
    local -A queries=(
        [per_type_per_minute_last_hour]="SELECT date_trunc('minute', event_timestamp) AS minute, event_type, count(*)
   FROM user_events WHERE event_timestamp >= now() - interval '1 hour'
  GROUP BY 1, 2 ORDER BY 1, 2"
        [user_recent_20]="SELECT * FROM user_events WHERE user_id = '$user_id' ORDER BY event_timestamp DESC LIMIT 20"
        [top_products_purchases_today]="SELECT product_id, count(*) AS purchases, sum(price) AS revenue
   FROM user_events WHERE event_type = 'purchase' AND event_timestamp >= date_trunc('day', now())
  GROUP BY product_id ORDER BY purchases DESC, product_id LIMIT 10"
    )
    for q in per_type_per_minute_last_hour user_recent_20 top_products_purchases_today; do
        runs=()
        for i in 1 2 3; do
            psql -X -qAt -d "$db" -c "SET TimeZone = 'UTC'" \
                -c "EXPLAIN (ANALYZE, BUFFERS) ${queries[$q]}" >"$WORK/plan-$q.txt"
            runs+=("$(awk '/Execution Time:/ { print $3 }' "$WORK/plan-$q.txt")")
        done
        rows=$(psql -X -qAt -d "$db" -c "SET TimeZone = 'UTC'" -c "SELECT count(*) FROM (${queries[$q]}) q")
        explains+=("$(jq -n --arg name "$q" --arg sql "${queries[$q]}" --arg plan "$(cat "$WORK/plan-$q.txt")" \
            --arg summary "$(plan_summary "$WORK/plan-$q.txt")" \
            --argjson runs "$(printf '%s\n' "${runs[@]}" | jq -s .)" --argjson rows "$rows" \
            '{name: $name, sql: $sql, result_rows: $rows, execution_ms: $runs, plan: $plan, plan_summary: $summary}')")
        say "  $q: ${runs[*]} ms"
    done
    # shellcheck disable=SC2034 # for the caller
    EXPLAIN_JSON=$(jq -n --argjson e "$(printf '%s\n' "${explains[@]}" | jq -s .)" --argjson v "$vacuum_ms" \
        --argjson rows "$(sql_value "$db" "SELECT count(*) FROM user_events")" \
        '{table_rows: $rows, vacuum_analyze_ms: $v, queries: $e}')
}

# plan_summary PLAN_FILE: the nodes of an EXPLAIN plan, outermost first, joined by " > ", e.g.
# "Limit > Index Scan Backward using user_events_user_id_event_timestamp on user_events".
plan_summary() {
    awk '
        /\(cost=[0-9]/ {
            node = $0
            sub(/^[[:space:]]*(->)?[[:space:]]*/, "", node)
            sub(/[[:space:]]+\((cost|actual).*$/, "", node)
            out = out (out == "" ? "" : " > ") node
        }
        END { print out }' "$1"
}
