#!/usr/bin/env bash
# shellcheck disable=SC2016 # $names in single quotes are jq's, not the shell's
# Loads the same 1,000,000 rows of raw CSV into PostgreSQL three ways, in one run: through the
# packaged stream-service, with psql \copy (the practical limit) and with Spark's df.write().jdbc (the
# naive way); then psql \copy again into four index variants of the table, and EXPLAIN ANALYZE of the
# analytical queries on what the stream loaded. Writes bench/results/sink-<UTC date>.json. See bench/README.md.
set -euo pipefail
NAME=sink-bench
# shellcheck source=bench/stream-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/stream-lib.sh"

FILES="${BENCH_SINK_FILES:-100}"
ROWS_PER_FILE="${BENCH_SINK_ROWS_PER_FILE:-10000}"
IDS="${BENCH_SINK_IDS:-uuid7}"
PORT="${BENCH_STREAM_PORT:-18082}"
PARTS="${BENCH_SINK_PARTS:-stream,psql,spark,variants,move,explain}"
SCHEMA="${BENCH_SCHEMA:-$SCHEMA_FILE}"
BUILD=auto
JFR=false

usage() {
    cat <<EOF
usage: bench/sink-bench.sh [options]

  --files N           CSV files                                   (env BENCH_SINK_FILES, default $FILES)
  --rows-per-file N   rows in each                                (env BENCH_SINK_ROWS_PER_FILE, default $ROWS_PER_FILE)
  --ids KIND          event ids: uuid7 (time-ordered) or random   (env BENCH_SINK_IDS, default $IDS)
  --parts LIST        what to run: stream,psql,spark,variants,move,explain (env BENCH_SINK_PARTS, default all)
  --schema FILE       schema SQL of every database instead of sql/postgres_setup.sql (the variants
                      start from its table)                        (env BENCH_SCHEMA)
  --jfr               profile the stream service's load with Java Flight Recorder and print its hot methods
  --port P            the stream service's HTTP port              (env BENCH_STREAM_PORT, default $PORT)
  --no-build          use the jars as they are
  -h, --help          this text

STREAM_* variables in the environment reach the stream service (e.g. STREAM_MAX_FILES_PER_TRIGGER=10).
PostgreSQL from PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres); databases bench_sink_* are
created and dropped (BENCH_KEEP_DB=1 keeps them).
EOF
}

while (($#)); do
    case "$1" in
        --files) FILES="$2"; shift 2 ;;
        --rows-per-file) ROWS_PER_FILE="$2"; shift 2 ;;
        --ids) IDS="$2"; shift 2 ;;
        --parts) PARTS="$2"; shift 2 ;;
        --schema) SCHEMA="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --jfr) JFR=true; shift ;;
        --no-build) BUILD=never; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "$NAME: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
positive_ints "$FILES" "$ROWS_PER_FILE" "$PORT"
use_schema "$SCHEMA"
[[ "$IDS" == uuid7 || "$IDS" == random ]] || die "--ids takes uuid7 or random"
part() { [[ ",$PARTS," == *",$1,"* ]]; }
ROWS=$((FILES * ROWS_PER_FILE))

need curl jq psql java awk ss
pg_check
note_default_ports
build_if_stale "$BUILD" stream-service bench

bench_begin sink
results_head_json | jq --argjson files "$FILES" --argjson rpf "$ROWS_PER_FILE" --arg ids "$IDS" --arg parts "$PARTS" \
    --arg stream_env "$(env | grep '^STREAM_' | sort | tr '\n' ' ')" --arg schema "$(repo_relative "$SCHEMA_FILE")" \
    '. + {scenario: "sink", settings: {files: $files, rows_per_file: $rpf, ids: $ids, parts: $parts, stream_env: $stream_env,
          schema: $schema}}' >"$OUT"

# --- the data --------------------------------------------------------------------------------------

say "writing $ROWS rows in $FILES files ($IDS ids) ..."
DATA_JSON=$(java -jar "$BENCH_JAR" csv --out "$WORK/csv" --files "$FILES" --rows-per-file "$ROWS_PER_FILE" --ids "$IDS" --seed 42)
add --argjson d "$DATA_JSON" '.data = $d'

COPY_COLUMNS="event_id, user_id, event_type, product_id, price, event_timestamp, received_at"
for f in "$WORK"/csv/*.csv; do
    echo "\\copy user_events ($COPY_COLUMNS) FROM '$f' WITH (FORMAT csv, HEADER true)"
done >"$WORK/copy.sql"

# schema DB VARIANT: the table of the schema (sql/postgres_setup.sql or --schema) with the secondary
# indexes of VARIANT.
schema() {
    local db=$1 variant=$2
    apply_schema "$db"
    if [[ "$variant" != ours ]]; then
        # Every index but the primary key and the unique event_id.
        sql_value "$db" "SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'user_events'::regclass
                         AND NOT indisprimary AND NOT indisunique" | while read -r index; do
            sql "$db" -c "DROP INDEX $index"
        done
    fi
    case "$variant" in
        brin)
            sql "$db" -c "CREATE INDEX ON user_events USING brin (event_timestamp) WITH (pages_per_range = 32)" \
                -c "CREATE INDEX ON user_events USING brin (created_at) WITH (pages_per_range = 32)" ;;
        user_ts)
            # The schema before 07081b1: a composite B-tree for one user's recent events.
            sql "$db" -c "CREATE INDEX ON user_events USING brin (event_timestamp) WITH (pages_per_range = 32)" \
                -c "CREATE INDEX ON user_events USING brin (created_at) WITH (pages_per_range = 32)" \
                -c "CREATE INDEX ON user_events (user_id, event_timestamp)" ;;
        btree3)
            sql "$db" -c "CREATE INDEX ON user_events (event_timestamp)" \
                -c "CREATE INDEX ON user_events (user_id, event_timestamp)" \
                -c "CREATE INDEX ON user_events (event_type, event_timestamp)" ;;
    esac
    sql "$db" -c CHECKPOINT
}

# psql_copy DB: \copy of every file into user_events; prints {seconds, rows, ...}.
psql_copy() {
    local db=$1 t0 t1 rows
    t0=$(now_ms)
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$WORK/copy.sql" >/dev/null
    t1=$(now_ms)
    rows=$(sql_value "$db" "SELECT count(*) FROM user_events")
    jq -n --argjson ms $((t1 - t0)) --argjson rows "$rows" --argjson idx "$(indexes_json "$db")" \
        --argjson table_mb "$(sql_value "$db" "SELECT round(pg_table_size('user_events') / 1048576.0, 1)")" \
        '{seconds: ($ms / 1000), rows: $rows, rows_per_sec: (($rows / $ms * 1000) | floor), table_mb: $table_mb, indexes: $idx}'
}

# --- (b) psql \copy into our schema -----------------------------------------------------------------

if part psql; then
    say "(b) psql \\copy into an empty table of $(repo_relative "$SCHEMA_FILE") ..."
    fresh_db bench_sink_psql
    schema bench_sink_psql ours
    wait_quiet
    j0=$(machine_jiffies)
    PSQL_JSON=$(psql_copy bench_sink_psql)
    PSQL_JSON=$(jq --argjson cores "$(machine_cores "$j0" "$(machine_jiffies)")" '. + {machine_cores_busy: $cores}' <<<"$PSQL_JSON")
    add --argjson r "$PSQL_JSON" '.psql = $r'
    say "(b) $(jq -r '"\(.rows) rows in \(.seconds) s: \(.rows_per_sec) rows/s"' <<<"$PSQL_JSON")"
    drop_dbs
fi

# --- (a) the stream service -------------------------------------------------------------------------

if part stream; then
    say "(a) the stream service on an empty database, files published once it is ready ..."
    fresh_db bench_sink_stream
    schema bench_sink_stream ours
    if [[ "$JFR" == true ]]; then
        RECORDING="$PWD/$RESULTS_DIR/sink-$STAMP-stream.jfr"
        BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -XX:StartFlightRecording=settings=profile,filename=$RECORDING,dumponexit=true"
    fi
    stream_load stream bench_sink_stream "$WORK/csv" "$ROWS" "$PORT" 0 "(a)"
    add --argjson r "$STREAM_LOAD_JSON" '.stream = $r'
    if [[ "$JFR" == true ]]; then
        add --arg r "$RESULTS_DIR/$(basename "$RECORDING")" '.stream.jfr = $r'
    fi
    if ! part explain; then drop_dbs; fi
fi

# --- (c) Spark df.write().jdbc -------------------------------------------------------------------

if part spark; then
    say "(c) Spark spark.read().csv + df.write().jdbc append (Spark defaults) ..."
    fresh_db bench_sink_spark
    schema bench_sink_spark ours
    OPENS=$(spark_add_opens)
    # The stream service's own dependency jars, less its bridges into Quarkus logging (log4j-core's
    # default configuration then prints errors only).
    wait_quiet
    SPARK_CP="$BENCH_JAR:$(find stream-service/target/quarkus-app/lib/main -name '*.jar' |
        grep -v -e log4j2-jboss-logmanager -e slf4j-jboss-logmanager | sort | tr '\n' ':')"
    j0=$(machine_jiffies)
    # shellcheck disable=SC2086 # OPENS is a list of options
    SPARK_OUT=$(java $OPENS -cp "$SPARK_CP" dev.pipeline.bench.SparkJdbcLoad "$WORK/csv" \
        "$(jdbc_url bench_sink_spark)" "$PGUSER" 2>"$WORK/spark.err" | tail -n 1) ||
        { tail -n 30 "$WORK/spark.err" >&2; die "(c) the Spark load failed"; }
    MCORES=$(machine_cores "$j0" "$(machine_jiffies)")
    COUNT=$(sql_value bench_sink_spark "SELECT count(*) FROM user_events")
    SPARK_JSON=$(jq --argjson rows "$COUNT" --argjson mcores "$MCORES" \
        '. + {rows: $rows, seconds: .write_s, rows_per_sec: (($rows / .write_s) | floor), machine_cores_busy: $mcores}' <<<"$SPARK_OUT")
    add --argjson r "$SPARK_JSON" '.spark_jdbc = $r'
    say "(c) $(jq -r '"\(.rows) rows in \(.seconds) s: \(.rows_per_sec) rows/s (\(.partitions) partitions)"' <<<"$SPARK_JSON")"
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS bench_sink_spark WITH (FORCE)"
fi

# --- index variants ----------------------------------------------------------------------------------

if part variants; then
    VARIANTS=()
    for variant in pk_unique brin ours user_ts btree3; do
        say "index variant $variant: psql \\copy ..."
        fresh_db "bench_sink_idx_$variant"
        schema "bench_sink_idx_$variant" "$variant"
        wait_quiet
        r=$(psql_copy "bench_sink_idx_$variant")
        VARIANTS+=("$(jq --arg v "$variant" '{variant: $v} + .' <<<"$r")")
        say "  $(jq -r '"\(.rows_per_sec) rows/s (\(.seconds) s)"' <<<"$r")"
        psql -X -q -d postgres -c "DROP DATABASE IF EXISTS bench_sink_idx_$variant WITH (FORCE)"
    done
    add --argjson v "$(printf '%s\n' "${VARIANTS[@]}" | jq -s .)" '.index_variants = $v'
fi

# --- the partition's move statement alone -----------------------------------------------------------

# What moving rows into user_events costs in PostgreSQL by itself, from one connection: the rows are
# COPYed into an unlogged table once, then moved into the empty user_events (our schema) by the
# statement each of the stream's partitions runs (INSERT ... SELECT ... ORDER BY event_id, received_at
# ON CONFLICT (event_id) DO NOTHING, from its temporary table) and by variants of it.
if part move; then
    say "the move statement alone (INSERT ... SELECT ... ON CONFLICT), and variants of it ..."
    fresh_db bench_sink_move
    schema bench_sink_move ours
    sql bench_sink_move -c "CREATE UNLOGGED TABLE bench_rows (LIKE user_events INCLUDING DEFAULTS)" \
        -c "ALTER TABLE bench_rows DROP COLUMN id, DROP COLUMN created_at"
    sed 's/\\copy user_events /\\copy bench_rows /' "$WORK/copy.sql" >"$WORK/stage.sql"
    wait_quiet
    t0=$(now_ms)
    sql bench_sink_move -f "$WORK/stage.sql" >/dev/null
    STAGE_COPY_MS=$(($(now_ms) - t0))
    INTO="INSERT INTO user_events ($COPY_COLUMNS)"
    FROM="$COPY_COLUMNS FROM bench_rows"
    declare -A MOVES=(
        [service]="$INTO SELECT $FROM ORDER BY event_id, received_at ON CONFLICT (event_id) DO NOTHING"
        [service_work_mem_256mb]="SET work_mem = '256MB'; $INTO SELECT $FROM ORDER BY event_id, received_at ON CONFLICT (event_id) DO NOTHING"
        [on_conflict_no_order]="$INTO SELECT $FROM ON CONFLICT (event_id) DO NOTHING"
        [plain_insert_select]="$INTO SELECT $FROM"
    )
    MOVE_RESULTS=()
    for v in service service_work_mem_256mb on_conflict_no_order plain_insert_select; do
        sql bench_sink_move -c "TRUNCATE user_events" -c CHECKPOINT
        t0=$(now_ms)
        sql bench_sink_move -c "${MOVES[$v]}" >/dev/null
        ms=$(($(now_ms) - t0))
        MOVE_RESULTS+=("$(jq -n --arg v "$v" --arg s "${MOVES[$v]}" --argjson ms "$ms" --argjson rows "$ROWS" \
            '{variant: $v, seconds: ($ms / 1000), rows_per_sec: (($rows / $ms * 1000) | floor), statement: $s}')")
        say "  $v: $ms ms"
    done
    add --argjson m "$(printf '%s\n' "${MOVE_RESULTS[@]}" | jq -s .)" --argjson st "$STAGE_COPY_MS" --argjson rows "$ROWS" \
        '.move = {rows: $rows, stage_copy_s: ($st / 1000), variants: $m}'
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS bench_sink_move WITH (FORCE)"
fi

# --- EXPLAIN of the analytical queries on what the stream loaded -----------------------------------

if part explain; then
    part stream || die "explain runs on the stream's database: --parts needs stream too"
    say "EXPLAIN (ANALYZE, BUFFERS) on the stream's table ..."
    explain_queries bench_sink_stream
    add --argjson e "$EXPLAIN_JSON" '.explain = $e'
    drop_dbs
fi

# --- ratios and the table ------------------------------------------------------------------------------

add '. + {ratios: {
        stream_over_psql: (if .stream and .psql then ((.stream.rows_per_sec / .psql.rows_per_sec * 100 | round) / 100) else null end),
        stream_over_spark_jdbc: (if .stream and .spark_jdbc then ((.stream.rows_per_sec / .spark_jdbc.rows_per_sec * 100 | round) / 100) else null end)}}'
bench_finish
if [[ "$JFR" == true && -f "${RECORDING:-}" ]]; then
    hot_methods "$RECORDING"
fi
