#!/usr/bin/env bash
# shellcheck disable=SC2016 # $names in single quotes are jq's, not the shell's
# Prints a results file of sink-, e2e-, growth-, startup- or table-growth-bench.sh as tables (jq + column).
# usage: bench/stream-tables.sh bench/results/<scenario>-<UTC date>.json
set -euo pipefail
file=${1:?usage: bench/stream-tables.sh RESULTS.json}
command -v jq >/dev/null || { echo "jq is needed" >&2; exit 1; }
tab() { column -t -s $'\t'; }

jq -r '"\(.scenario) bench \(.date), commit \(.git_commit)\(if .git_dirty then " (uncommitted changes)" else "" end), \(.machine.nproc) cores, \(.machine.mem_total_mb) MiB, \(.machine.postgres // "") shared_buffers \(.machine.shared_buffers // "?"), load at start \(.machine.loadavg_at_start // "?")"' "$file"

case "$(jq -r .scenario "$file")" in
sink)
    jq -r '"\(.data.rows) rows in \(.data.files) files, \(.data.ids) event ids, \(.data.users) users, \(.data.products) products, timestamps over \(.data.span_s / 3600) h"' "$file"
    echo
    jq -r '
        ["load", "rows", "seconds", "rows/s", "vs psql", "machine cores busy"],
        (if .psql then ["(b) psql copy, our schema", .psql.rows, .psql.seconds, .psql.rows_per_sec, 1, .psql.machine_cores_busy] else empty end),
        (if .stream then ["(a) stream-service", .stream.rows, .stream.seconds, .stream.rows_per_sec,
            (if .psql then ((.stream.rows_per_sec / .psql.rows_per_sec * 100 | round) / 100) else "-" end), .stream.machine_cores_busy] else empty end),
        (if .spark_jdbc then ["(c) Spark df.write().jdbc", .spark_jdbc.rows, .spark_jdbc.seconds, .spark_jdbc.rows_per_sec,
            (if .psql then ((.spark_jdbc.rows_per_sec / .psql.rows_per_sec * 100 | round) / 100) else "-" end), .spark_jdbc.machine_cores_busy] else empty end)
        | @tsv' "$file" | tab
    jq -r 'if .stream then "stream/psql \(.ratios.stream_over_psql // "-"), stream/spark-jdbc \(.ratios.stream_over_spark_jdbc // "-"); stream: ready in \(.stream.ready_ms) ms, publish to all committed \(.stream.publish_to_all_committed_s) s, service CPU \(.stream.service_cpu_s) s, RSS idle \(.stream.rss_idle_mb) MB, peak \(.stream.rss_peak_mb) MB (HWM \(.stream.hwm_mb) MB)" else empty end' "$file"
    if jq -e '.stream' "$file" >/dev/null; then
        echo
        echo "stream-service micro-batches (ms; trigger = Spark's triggerExecution; load = our foreachBatch as the service logs it):"
        jq -r '["batch", "files", "rows", "load", "trigger", "latestOffset", "getBatch", "addBatch", "walCommit", "commitOffsets", "planning"],
            (.stream.batch_log[] | [.batch, .files, .rows, (.load_ms // ((.stage_ms // 0) + (.commit_ms // 0))), .trigger_ms, .latest_offset_ms, .get_batch_ms, .add_batch_ms, .wal_commit_ms, .commit_offsets_ms, .query_planning_ms]) | @tsv' "$file" | tab
    fi
    if jq -e '.index_variants' "$file" >/dev/null; then
        echo
        echo "psql \\copy by index variant (PK + UNIQUE(event_id) in all):"
        jq -r '["variant", "secondary indexes", "seconds", "rows/s", "table MB", "index MB"],
            (.index_variants[] | [.variant,
                ([.indexes[] | select(.index | test("pkey|event_id_key") | not) | .definition] | join("; ") | if . == "" then "-" else . end),
                .seconds, .rows_per_sec, .table_mb, ([.indexes[].mb] | add * 10 | round / 10)]) | @tsv' "$file" | tab
    fi
    if jq -e '.move' "$file" >/dev/null; then
        echo
        jq -r '"the move statement alone, one psql connection, \(.move.rows) rows from an unlogged table (filled by psql copy in \(.move.stage_copy_s) s):"' "$file"
        jq -r '["variant", "seconds", "rows/s"],
            (.move.variants[] | [.variant, .seconds, .rows_per_sec]) | @tsv' "$file" | tab
    fi
    if jq -e '.explain' "$file" >/dev/null; then
        echo
        jq -r '"EXPLAIN (ANALYZE, BUFFERS) on \(.explain.table_rows) rows (after VACUUM ANALYZE, \(.explain.vacuum_analyze_ms) ms):"' "$file"
        jq -r '["query", "result rows", "execution ms (3 runs)", "indexes in the plan"],
            (.explain.queries[] | [.name, .result_rows, (.execution_ms | map(tostring) | join(" / ")),
                ([.plan | scan("(?:Index|Index Only|Bitmap Index) Scan(?: Backward)? (?:using|on) [a-z_0-9]+")] | unique | join(", ") | if . == "" then "none (Seq Scan)" else . end)]) | @tsv' "$file" | tab
    fi
    ;;
e2e)
    jq -r '"steps of \(.settings.duration_s) s measured after \(.settings.warmup_s) s warm-up, \(.settings.batch) events per request\(if .settings.batch == "auto" then " (100 up to 10000 events/s, 500 above)" else "" end), \(.settings.connections) connections"' "$file"
    echo
    echo "latency of the step's rows after the warm-up, ms: lo = received_at -> created_at (the partition transaction's start),"
    echo "hi = received_at -> the log line of the batch's end (after its last commit); /lag = the service's e2e_latency_ms at the step's end"
    jq -r '["roll", "trigger", "rate", "batch", "acked/s", "lo p50", "lo p99", "hi p50", "hi p99", "/lag p50", "/lag p99", "missing",
            "batches/s", "files/s", "rows/batch", "trigger p50", "load p50", "coll cores", "stream cores", "machine cores"],
        (.configs[] | . as $c | .steps[] | [$c.collector_roll_interval, $c.stream_trigger_interval, .rate, (.batch // .client.batch),
            .client.events_per_sec, .table_latency_ms.p50, .table_latency_ms.p99, .table_latency_ms.upper_p50, .table_latency_ms.upper_p99,
            .lag_at_end.e2e_latency_ms.p50, .lag_at_end.e2e_latency_ms.p99, .check.missing_events,
            .batches.per_sec, .batches.files_per_sec, .batches.rows_per_batch_p50, .batches.trigger_ms_p50,
            (.batches.load_ms_p50 // ((.batches.stage_ms_p50 // 0) + (.batches.commit_ms_p50 // 0))), .cpu_cores.collector, .cpu_cores.stream, .cpu_cores.machine])
        | map(if . == null then "-" else . end) | @tsv' "$file" | tab
    if jq -e '.sustain' "$file" >/dev/null; then
        echo
        jq -r '.sustain | "sustain: \(.rate) events/s for \(.duration_s) s (\(.batch) per request) on \(.collector_roll_interval)/\(.stream_trigger_interval), after the steps: \(.client.events_per_sec) acked/s (\(.client.events_acked) of \(.events_due) due; kept rate \(.kept_rate)), missing \(.check.missing_events)",
            "  latency lo p50 \(.table_latency_ms.p50) p99 \(.table_latency_ms.p99) ms, hi p50 \(.table_latency_ms.upper_p50) p99 \(.table_latency_ms.upper_p99) ms; trigger p50 \(.batches.trigger_ms_p50) ms, load p50 \(.batches.load_ms_p50) ms; cores: stream \(.cpu_cores.stream) machine \(.cpu_cores.machine)",
            "  oldest pending age, mean: first \(.lag_window_s) s \(.lag_first_minute_mean_ms) ms, last \(.lag_window_s) s \(.lag_last_minute_mean_ms) ms; slope \(.lag_slope_ms_per_min) ms/min => \(if .flat then "FLAT (keeps up)" else "NOT FLAT (falls behind or missed its rate)" end)"' "$file"
        jq -r '["t s", "pending files", "pending KB", "oldest pending ms", "last batch ms", "rows/s", "/lag p50", "/lag p99"],
            (.sustain.lag_samples[] | [.t_s, .pending_files, ((.pending_bytes // 0) / 1024 | round), .oldest_pending_age_ms,
                .last_batch_duration_ms, .processed_rows_per_second, .e2e_p50_ms, .e2e_p99_ms])
            | map(if . == null then "-" else . end) | @tsv' "$file" | sed 's/^/  /' | tab
    fi
    ;;
growth)
    jq -r 'if (.settings.java_opts // "") != "" then "JVM options: \(.settings.java_opts)" else empty end' "$file"
    jq -r '"\(.settings.files) files of \(.settings.rows_per_file) rows between two phases of \(.settings.probes) probe files (\(.settings.probe_rows) rows, one a second); bulk took \(.bulk.seconds) s in \(.bulk.all.batches) batches"' "$file"
    echo
    echo "batch times in ms (p50 unless marked; trigger = Spark's triggerExecution; compaction = batches that compact the file source log)"
    jq -r '["phase", "batches", "trigger", "trigger p90", "trigger max", "latestOffset", "getBatch", "addBatch", "load", "walCommit", "commitOffsets", "planning"],
        (["before", "after", "bulk"][] as $p | .[$p] as $x | (["all", "without_compaction", "compaction"][] as $k | $x[$k] |
            select(.batches > 0) | [$p + (if $k == "all" then "" else " (" + $k + ")" end), .batches, .trigger_ms_p50, .trigger_ms_p90, .trigger_ms_max,
            .latest_offset_ms_p50, .get_batch_ms_p50, .add_batch_ms_p50, .load_ms_p50, .wal_commit_ms_p50, .commit_offsets_ms_p50, .query_planning_ms_p50]))
        | map(if . == null then "-" else . end) | @tsv' "$file" | tab
    jq -r '"after/before: trigger p50 \(.ratio.trigger_p50), mean \(.ratio.trigger_mean), addBatch p50 \(.ratio.add_batch_p50) (goal <= 1.2)",
        "checkpoint: \(.checkpoint.before.bytes) bytes before, \(.checkpoint.after_bulk.bytes) after the bulk (latest compact file \(.checkpoint.after_bulk.latest_compact // "-"): \(.checkpoint.after_bulk.latest_compact_bytes // "-") bytes), \(.checkpoint.end.bytes) at the end",
        "driver heap after full GC: \(.heap_after_gc_mb.before) MB before, \(.heap_after_gc_mb.after_bulk) MB after the bulk, \(.heap_after_gc_mb.end) MB at the end; RSS peak \(.rss_mb.peak) MB, HWM \(.rss_mb.hwm) MB"' "$file"
    ;;
startup)
    jq -r '"\(.settings.runs) start-ups\(if .services then " of each service" else "" end), RSS read after \(.settings.idle_s) s idle; JVM options: \(.settings.java_opts | if . == "" then "none" else . end); \(.settings.stream_env // "" | if . == "" then "default settings" else . end)\(if .services.generator then "; the generator at \(.settings.generator_env)" else "" end)"' "$file"
    echo
    if jq -e '.services' "$file" >/dev/null; then
        jq -r '["service", "run", "ready ms", "Quarkus s", "CPU s to ready", "RSS ready MB", "RSS idle MB", "HWM MB", "idle cores", "SIGTERM->exit ms"],
            (.services | to_entries[] | .key as $s | .value.runs | to_entries[] | [$s, .key + 1, .value.ready_ms, .value.quarkus_started_s,
                .value.cpu_s_to_ready, .value.rss_ready_mb, .value.rss_idle_mb, .value.hwm_mb, .value.idle_cores, .value.sigterm_to_exit_ms])
            | map(if . == null then "-" else . end) | @tsv' "$file" | tab
    else
        jq -r '["run", "ready ms", "Quarkus s", "CPU s to ready", "RSS ready MB", "RSS idle MB", "idle cores", "SIGTERM->exit ms"],
            (.runs | to_entries[] | [.key + 1, .value.ready_ms, .value.quarkus_started_s, .value.cpu_s_to_ready, .value.rss_ready_mb,
                .value.rss_idle_mb, .value.idle_cores, .value.sigterm_to_exit_ms]) | map(if . == null then "-" else . end) | @tsv' "$file" | tab
    fi
    jq -r 'if .peak_under_load then "peak under load (sink benchmark, \(.peak_under_load.rows) rows in one batch): RSS \(.peak_under_load.rss_peak_mb) MB, HWM \(.peak_under_load.hwm_mb) MB (\(.peak_under_load.file))" else empty end' "$file"
    ;;
table)
    jq -r '.table | "\(.preloaded_rows) rows preloaded by psql \\copy at \(.preload_rows_per_sec) rows/s (first tenth of the files \(.preload.rows_per_sec_first_tenth // "-"), last tenth \(.preload.rows_per_sec_last_tenth // "-") rows/s; VACUUM ANALYZE \(.preload.vacuum_analyze_s) s); table \(.preload.table_mb) MB, indexes \(.preload.indexes_mb) MB"' "$file"
    jq -r '"schema \(.settings.schema); a batch of \(.settings.rows) rows in \(.settings.files) files, newer than the preload; the whole data spans \(.settings.span_s / 3600) h up to the run"' "$file"
    echo
    jq -r '["stream-service loads the batch into", "rows", "seconds", "rows/s", "vs empty", "service CPU s", "machine cores busy"],
        (.table as $t | ["empty", "preloaded"][] as $k | $t[$k] | select(. != null)
            | [($k + (if $k == "preloaded" then " (\($t.preloaded_rows) rows)" else " table" end)), .rows, .seconds, .rows_per_sec,
               (if $k == "empty" then 1 else $t.ratio_preloaded_over_empty end), .service_cpu_s, .machine_cores_busy])
        | map(if . == null then "-" else . end) | @tsv' "$file" | tab
    echo
    jq -r '"EXPLAIN (ANALYZE, BUFFERS) on the preloaded table, now \(.table.explain.table_rows) rows (after VACUUM ANALYZE, \(.table.explain.vacuum_analyze_ms) ms):"' "$file"
    jq -r '["query", "result rows", "execution ms (3 runs)", "plan"],
        (.table.queries[] | [.name, .result_rows, (.execution_ms | map(tostring) | join(" / ")), .plan_summary]) | @tsv' "$file" | tab
    ;;
*)
    jq . "$file"
    ;;
esac
