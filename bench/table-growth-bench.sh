#!/usr/bin/env bash
# shellcheck disable=SC2016 # $names in single quotes are jq's, not the shell's
# Does the load get slower as user_events grows? One database is preloaded with N rows (10 M by default;
# psql \copy of time-ordered CSV spanning a week up to now, then VACUUM ANALYZE and CHECKPOINT); then
# the stream service loads a fresh batch of M newer rows (1 M, 100 files) into it, and the same batch
# into an empty database of the same schema, timed as sink-bench.sh's part (a) times it; last, the
# analytical queries of sink-bench.sh's part explain run on the preloaded table (N + M rows).
# Writes bench/results/table-<UTC date>.json. See bench/README.md.
set -euo pipefail
NAME=table-growth-bench
# shellcheck source=bench/stream-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/stream-lib.sh"

PRELOAD="${BENCH_TABLE_PRELOAD:-10000000}"
ROWS="${BENCH_TABLE_ROWS:-1000000}"
FILES="${BENCH_TABLE_FILES:-100}"
SPAN="${BENCH_TABLE_SPAN:-168h}"
SCHEMA="${BENCH_SCHEMA:-$SCHEMA_FILE}"
PORT="${BENCH_STREAM_PORT:-18082}"
BUILD=auto

usage() {
    cat <<EOF
usage: bench/table-growth-bench.sh [options]

  --preload N      rows in the table before the measured load      (env BENCH_TABLE_PRELOAD, default $PRELOAD)
  --rows M         rows of the batch the stream service loads      (env BENCH_TABLE_ROWS, default $ROWS)
  --files F        files of that batch (one micro-batch)           (env BENCH_TABLE_FILES, default $FILES)
  --span D         time the preload and the batch cover together, up to now; the batch is the
                   newest M / (N + M) of it (168h = a week)         (env BENCH_TABLE_SPAN, default $SPAN)
  --schema FILE    schema SQL of both databases instead of sql/postgres_setup.sql (env BENCH_SCHEMA)
  --port P         the stream service's HTTP port                  (env BENCH_STREAM_PORT, default $PORT)
  --no-build       use the jars as they are
  -h, --help       this text

Disk: about 115 bytes of CSV per row (N + M) in a temporary folder, deleted as soon as it is loaded,
and about 250 bytes per row in PostgreSQL (N + 2 M) until the databases are dropped at the end
(BENCH_KEEP_DB=1 keeps them): 10 M rows = 1.2 GB of CSV and ~2.7 GB in PostgreSQL.
STREAM_* variables in the environment reach the stream service; BENCH_JAVA_OPTS adds JVM options.
A quick check: bench/table-growth-bench.sh --preload 200000 --rows 50000
EOF
}

while (($#)); do
    case "$1" in
        --preload) PRELOAD="$2"; shift 2 ;;
        --rows) ROWS="$2"; shift 2 ;;
        --files) FILES="$2"; shift 2 ;;
        --span) SPAN="$2"; shift 2 ;;
        --schema) SCHEMA="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --no-build) BUILD=never; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "$NAME: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
positive_ints "$PRELOAD" "$ROWS" "$FILES" "$PORT"
[[ "$SPAN" =~ ^[1-9][0-9]*(ms|s|m|h)?$ ]] || die "not a duration: $SPAN (use e.g. 168h, 24h, 90m)"
SPAN_MS=$(to_ms "$SPAN")
use_schema "$SCHEMA"
((ROWS >= FILES)) || die "--rows must be at least --files"
# Every file has the same number of rows (one bench.jar csv call writes preload and batch together, in
# time order): the batch's, and the preload is rounded to whole files of it.
ROWS_PER_FILE=$((ROWS / FILES))
ROWS=$((ROWS_PER_FILE * FILES))
PRELOAD_FILES=$(((PRELOAD + ROWS_PER_FILE / 2) / ROWS_PER_FILE))
((PRELOAD_FILES >= 1)) || PRELOAD_FILES=1
PRELOAD=$((PRELOAD_FILES * ROWS_PER_FILE))

need curl jq psql java awk ss df
pg_check
note_default_ports
build_if_stale "$BUILD" stream-service bench

bench_begin table

# --- disk ---------------------------------------------------------------------------------------------

free_bytes() {
    df -P -B1 "$1" 2>/dev/null | awk 'NR == 2 { print $4 }'
}
CSV_NEED=$(((PRELOAD + ROWS) * 115))
PG_NEED=$(((PRELOAD + 2 * ROWS) * 250))
CSV_FREE=$(free_bytes "$WORK")
PG_DIR=$(sql_value postgres "SHOW data_directory" 2>/dev/null || true)
PG_FREE=""
if [[ -n "$PG_DIR" ]]; then PG_FREE=$(free_bytes "$PG_DIR"); fi
gb() { awk -v b="$1" 'BEGIN { printf "%.1f GB", b / 1e9 }'; }
say "disk: about $(gb "$CSV_NEED") of CSV in $WORK (free $(gb "${CSV_FREE:-0}")) and $(gb "$PG_NEED") in PostgreSQL$(
    [[ -n "$PG_FREE" ]] && echo " (free $(gb "$PG_FREE") at its data directory)" || echo " (its free space cannot be read from here)")"
if [[ -n "$CSV_FREE" ]] && ((CSV_FREE < CSV_NEED)); then
    die "not enough disk for the CSV under ${TMPDIR:-/tmp} (set TMPDIR to a larger file system, or lower --preload)"
fi
if [[ -n "$PG_FREE" ]]; then
    # On one file system the CSV and PostgreSQL's data share the free space while the preload runs.
    SHARED=0
    [[ "$(stat -c %d "$WORK")" == "$(stat -c %d "$PG_DIR" 2>/dev/null || true)" ]] && SHARED=$CSV_NEED
    ((PG_FREE >= PG_NEED + SHARED)) || die "not enough disk for PostgreSQL's data directory (lower --preload)"
fi

results_head_json | jq --argjson preload "$PRELOAD" --argjson rows "$ROWS" --argjson files "$FILES" --argjson rpf "$ROWS_PER_FILE" \
    --argjson span "$SPAN_MS" --arg schema "$(repo_relative "$SCHEMA_FILE")" --arg opts "${BENCH_JAVA_OPTS:-}" \
    --arg env "$(env | grep '^STREAM_' | sort | tr '\n' ' ')" \
    '. + {scenario: "table", settings: {preload: $preload, rows: $rows, files: $files, rows_per_file: $rpf,
          span_s: ($span / 1000), schema: $schema, stream_env: $env, java_opts: $opts}}' >"$OUT"

# --- the data: preload and batch in one time-ordered series up to now ----------------------------------

say "writing $((PRELOAD + ROWS)) rows in $((PRELOAD_FILES + FILES)) files of $ROWS_PER_FILE over $SPAN up to now ..."
DATA_JSON=$(java -jar "$BENCH_JAR" csv --out "$WORK/csv" --files $((PRELOAD_FILES + FILES)) --rows-per-file "$ROWS_PER_FILE" \
    --span "$SPAN" --seed 42 --name table)
add --argjson d "$DATA_JSON" '.data = $d'
# The newest FILES files (their names sort in time order) are the batch; the rest is the preload.
mkdir -p "$WORK/batch"
find "$WORK/csv" -name '*.csv' | sort | tail -n "$FILES" | xargs mv -t "$WORK/batch"

# --- the preload ----------------------------------------------------------------------------------------

PRE_DB=bench_table_preloaded
fresh_db "$PRE_DB"
apply_schema "$PRE_DB"
{
    printf '%s\n' '\timing on'
    for f in "$WORK"/csv/*.csv; do
        echo "\\copy user_events (event_id, user_id, event_type, product_id, price, event_timestamp, received_at) FROM '$f' WITH (FORMAT csv, HEADER true)"
    done
} >"$WORK/preload.sql"
sql "$PRE_DB" -c CHECKPOINT
wait_quiet
say "preload: psql \\copy of $PRELOAD rows in $PRELOAD_FILES files into an empty table of $(repo_relative "$SCHEMA_FILE") ..."
T0=$(now_ms)
sql "$PRE_DB" -f "$WORK/preload.sql" >"$WORK/preload.timing"
PRELOAD_MS=$(($(now_ms) - T0))
rm -rf "$WORK/csv"
say "  $PRELOAD rows in $((PRELOAD_MS / 1000)) s; VACUUM ANALYZE and CHECKPOINT ..."
T0=$(now_ms)
sql "$PRE_DB" -c "VACUUM ANALYZE user_events"
VACUUM_MS=$(($(now_ms) - T0))
T0=$(now_ms)
sql "$PRE_DB" -c CHECKPOINT
CHECKPOINT_MS=$(($(now_ms) - T0))
PRELOADED_ROWS=$(sql_value "$PRE_DB" "SELECT count(*) FROM user_events")
PRELOAD_JSON=$(awk '/^Time: / { print $2 }' "$WORK/preload.timing" | jq -s --argjson rpf "$ROWS_PER_FILE" --argjson rows "$PRELOADED_ROWS" \
    --argjson ms "$PRELOAD_MS" --argjson vac "$VACUUM_MS" --argjson cp "$CHECKPOINT_MS" \
    --argjson table_mb "$(sql_value "$PRE_DB" "SELECT round(pg_table_size('user_events') / 1048576.0, 1)")" \
    --argjson indexes_mb "$(sql_value "$PRE_DB" "SELECT round(pg_indexes_size('user_events') / 1048576.0, 1)")" \
    --argjson indexes "$(indexes_json "$PRE_DB")" '
    def rate(files): if (files | length) == 0 then null else ((files | length) * $rpf / (files | add) * 1000 | floor) end;
    (length / 10 | ceil) as $tenth
    | {files: length, rows: $rows, seconds: ($ms / 1000), rows_per_sec: ($rows / $ms * 1000 | floor),
       rows_per_sec_first_tenth: rate(.[:$tenth]), rows_per_sec_last_tenth: rate(.[length - $tenth:]),
       vacuum_analyze_s: ($vac / 1000), checkpoint_s: ($cp / 1000),
       table_mb: $table_mb, indexes_mb: $indexes_mb, indexes: $indexes}')
say "  $(jq -r '"\(.rows_per_sec) rows/s (first tenth of the files \(.rows_per_sec_first_tenth), last tenth \(.rows_per_sec_last_tenth)); VACUUM ANALYZE \(.vacuum_analyze_s) s, CHECKPOINT \(.checkpoint_s) s; table \(.table_mb) MB, indexes \(.indexes_mb) MB"' <<<"$PRELOAD_JSON")"

# --- the batch into an empty table, then into the preloaded one -----------------------------------------

say "the stream service loads $ROWS rows ($FILES files) into an empty table ..."
EMPTY_DB=bench_table_empty
fresh_db "$EMPTY_DB"
apply_schema "$EMPTY_DB"
sql "$EMPTY_DB" -c CHECKPOINT
stream_load empty "$EMPTY_DB" "$WORK/batch" "$ROWS" "$PORT" 0 "empty:"
EMPTY_JSON=$STREAM_LOAD_JSON
drop_db "$EMPTY_DB"

say "the stream service loads the same $ROWS rows into the table of $PRELOADED_ROWS rows ..."
sql "$PRE_DB" -c CHECKPOINT
stream_load preloaded "$PRE_DB" "$WORK/batch" "$ROWS" "$PORT" "$PRELOADED_ROWS" "preloaded:"
PRELOADED_JSON=$(jq --argjson before "$PRELOADED_ROWS" '. + {table_rows_before: $before}' <<<"$STREAM_LOAD_JSON")

say "EXPLAIN (ANALYZE, BUFFERS) on the preloaded table ..."
explain_queries "$PRE_DB"

add --argjson pre "$PRELOAD_JSON" --argjson empty "$EMPTY_JSON" --argjson preloaded "$PRELOADED_JSON" --argjson e "$EXPLAIN_JSON" '
    .table = {preloaded_rows: $pre.rows, preload_rows_per_sec: $pre.rows_per_sec, preload: $pre,
              empty: $empty, preloaded: $preloaded,
              ratio_preloaded_over_empty: (if $empty.rows_per_sec > 0 then (($preloaded.rows_per_sec / $empty.rows_per_sec * 100 | round) / 100) else null end),
              explain: ($e | del(.queries)), queries: $e.queries}'
drop_dbs
bench_finish
