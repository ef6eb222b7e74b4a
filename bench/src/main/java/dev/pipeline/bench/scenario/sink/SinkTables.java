package dev.pipeline.bench.scenario.sink;

import static dev.pipeline.bench.scenario.JqFigures.or;
import static dev.pipeline.bench.scenario.JqFigures.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.StreamResultsHead;
import dev.pipeline.bench.scenario.TextTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sink results file as tables (what the former stream tables script printed for it). */
final class SinkTables {

    private static final Pattern INDEX_IN_PLAN = Pattern.compile(
            "(?:Index|Index Only|Bitmap Index) Scan(?: Backward)? (?:using|on) [a-z_0-9]+");
    private static final Pattern PRIMARY_OR_UNIQUE = Pattern.compile("pkey|event_id_key");

    private SinkTables() {
    }

    static void print(JsonNode r, PrintStream out) {
        StreamResultsHead.print(r, out);
        JsonNode data = r.path("data");
        out.println(text(data.path("rows")) + " rows in " + text(data.path("files")) + " files, " + text(data.path("ids"))
                + " event ids, " + text(data.path("users")) + " users, " + text(data.path("products"))
                + " products, timestamps over " + text(data.path("span_s").asDouble() / 3600) + " h");
        out.println();
        JsonNode psql = r.path("psql");
        JsonNode stream = r.path("stream");
        JsonNode spark = r.path("spark_jdbc");
        TextTable loads = new TextTable().row("load", "rows", "seconds", "rows/s", "vs psql", "machine cores busy");
        if (psql.isObject()) {
            loads.row("(b) psql copy, our schema", psql.path("rows"), psql.path("seconds"), psql.path("rows_per_sec"), 1,
                    psql.path("machine_cores_busy"));
        }
        if (stream.isObject()) {
            loads.row("(a) stream-service", stream.path("rows"), stream.path("seconds"), stream.path("rows_per_sec"),
                    JqFigures.ratio(stream.path("rows_per_sec"), psql.path("rows_per_sec")), stream.path("machine_cores_busy"));
            loads.row("(a) the same, from publication", stream.path("rows"), stream.path("publish_to_last_commit_s"),
                    stream.path("rows_per_sec_from_publish"),
                    JqFigures.ratio(stream.path("rows_per_sec_from_publish"), psql.path("rows_per_sec")), "");
        }
        JsonNode cold = r.path("stream_cold");
        if (cold.isObject()) {
            loads.row("(a') stream-service cold, from publication", cold.path("rows"), cold.path("publish_to_last_commit_s"),
                    cold.path("rows_per_sec_from_publish"),
                    JqFigures.ratio(cold.path("rows_per_sec_from_publish"), psql.path("rows_per_sec")), cold.path("machine_cores_busy"));
        }
        if (spark.isObject()) {
            loads.row("(c) Spark df.write().jdbc", spark.path("rows"), spark.path("seconds"), spark.path("rows_per_sec"),
                    JqFigures.ratio(spark.path("rows_per_sec"), psql.path("rows_per_sec")), spark.path("machine_cores_busy"));
        }
        loads.print(out);
        if (stream.isObject()) {
            JsonNode ratios = r.path("ratios");
            out.println("stream/psql " + or(ratios.path("stream_over_psql"), "-") + ", stream/spark-jdbc "
                    + or(ratios.path("stream_over_spark_jdbc"), "-") + "; stream: ready in " + text(stream.path("ready_ms"))
                    + " ms, publish to all committed " + text(stream.path("publish_to_all_committed_s")) + " s, service CPU "
                    + text(stream.path("service_cpu_s")) + " s, RSS idle " + text(stream.path("rss_idle_mb")) + " MB, peak "
                    + text(stream.path("rss_peak_mb")) + " MB (HWM " + text(stream.path("hwm_mb")) + " MB)");
            out.println();
            out.println("stream-service micro-batches (ms; trigger = Spark's triggerExecution; load = our foreachBatch as the service logs it):");
            batches(stream.path("batch_log"), out);
        }
        if (r.path("index_variants").isArray()) {
            out.println();
            out.println("psql \\copy by index variant (PK + UNIQUE(event_id) in all):");
            TextTable variants = new TextTable().row("variant", "secondary indexes", "seconds", "rows/s", "table MB", "index MB");
            for (JsonNode variant : r.path("index_variants")) {
                variants.row(variant.path("variant"), secondaryIndexes(variant.path("indexes")), variant.path("seconds"),
                        variant.path("rows_per_sec"), variant.path("table_mb"), indexMb(variant.path("indexes")));
            }
            variants.print(out);
        }
        JsonNode move = r.path("move");
        if (move.isObject()) {
            out.println();
            out.println("the move statement alone, one psql connection, " + text(move.path("rows"))
                    + " rows from an unlogged table (filled by psql copy in " + text(move.path("stage_copy_s")) + " s):");
            TextTable moves = new TextTable().row("variant", "seconds", "rows/s");
            for (JsonNode variant : move.path("variants")) {
                moves.row(variant.path("variant"), variant.path("seconds"), variant.path("rows_per_sec"));
            }
            moves.print(out);
        }
        JsonNode explain = r.path("explain");
        if (explain.isObject()) {
            out.println();
            out.println("EXPLAIN (ANALYZE, BUFFERS) on " + text(explain.path("table_rows")) + " rows (after VACUUM ANALYZE, "
                    + text(explain.path("vacuum_analyze_ms")) + " ms):");
            TextTable queries = new TextTable().row("query", "result rows", "execution ms (3 runs)", "indexes in the plan");
            for (JsonNode query : explain.path("queries")) {
                queries.row(query.path("name"), query.path("result_rows"), ExplainQueries.runsText(query), indexesInPlan(query.path("plan").asText()));
            }
            queries.print(out);
        }
    }

    /** The micro-batches of a stream load: the service's load and Spark's durations, ms. */
    static void batches(JsonNode batchLog, PrintStream out) {
        TextTable batches = new TextTable().row("batch", "files", "rows", "load", "trigger", "latestOffset", "getBatch", "addBatch",
                "walCommit", "commitOffsets", "planning");
        for (JsonNode b : batchLog) {
            // The earlier form of the service's line had a stage and a commit time instead of one load time.
            Object load = b.hasNonNull("load_ms") ? b.get("load_ms")
                    : (Object) (b.path("stage_ms").asLong(0) + b.path("commit_ms").asLong(0));
            batches.row(b.path("batch"), b.path("files"), b.path("rows"), load, b.path("trigger_ms"), b.path("latest_offset_ms"),
                    b.path("get_batch_ms"), b.path("add_batch_ms"), b.path("wal_commit_ms"), b.path("commit_offsets_ms"),
                    b.path("query_planning_ms"));
        }
        batches.print(out);
    }

    /** The indexes a plan scans, sorted, e.g. "Bitmap Index Scan on user_events_user_id"; "none (Seq Scan)" if none. */
    static String indexesInPlan(String plan) {
        TreeSet<String> scans = new TreeSet<>();
        Matcher scan = INDEX_IN_PLAN.matcher(plan);
        while (scan.find()) {
            scans.add(scan.group());
        }
        return scans.isEmpty() ? "none (Seq Scan)" : String.join(", ", scans);
    }

    /** The definitions of the indexes other than the primary key and the unique event id, or "-". */
    static String secondaryIndexes(JsonNode indexes) {
        List<String> definitions = new ArrayList<>();
        for (JsonNode index : indexes) {
            if (!PRIMARY_OR_UNIQUE.matcher(index.path("index").asText()).find()) {
                definitions.add(index.path("definition").asText());
            }
        }
        return definitions.isEmpty() ? "-" : String.join("; ", definitions);
    }

    /** The indexes' size together, MB, one decimal. */
    static double indexMb(JsonNode indexes) {
        double mb = 0;
        for (JsonNode index : indexes) {
            mb += index.path("mb").asDouble();
        }
        return JqFigures.round(mb, 1);
    }
}
