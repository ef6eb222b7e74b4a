package dev.pipeline.bench.scenario.table;

import static dev.pipeline.bench.scenario.JqFigures.or;
import static dev.pipeline.bench.scenario.JqFigures.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.StreamResultsHead;
import dev.pipeline.bench.scenario.TextTable;
import dev.pipeline.bench.scenario.sink.ExplainQueries;
import java.io.PrintStream;

/** A table-growth results file ({@code table-<date>.json}) as tables (what the former stream tables script printed for it). */
final class TableGrowthTables {

    private TableGrowthTables() {
    }

    static void print(JsonNode r, PrintStream out) {
        StreamResultsHead.print(r, out);
        JsonNode table = r.path("table");
        JsonNode preload = table.path("preload");
        out.println(text(table.path("preloaded_rows")) + " rows preloaded by psql \\copy at " + text(table.path("preload_rows_per_sec"))
                + " rows/s (first tenth of the files " + or(preload.path("rows_per_sec_first_tenth"), "-") + ", last tenth "
                + or(preload.path("rows_per_sec_last_tenth"), "-") + " rows/s; VACUUM ANALYZE " + text(preload.path("vacuum_analyze_s"))
                + " s); table " + text(preload.path("table_mb")) + " MB, indexes " + text(preload.path("indexes_mb")) + " MB");
        JsonNode settings = r.path("settings");
        out.println("schema " + text(settings.path("schema")) + "; a batch of " + text(settings.path("rows")) + " rows in "
                + text(settings.path("files")) + " files, newer than the preload; the whole data spans "
                + text(settings.path("span_s").asDouble() / 3600) + " h up to the run");
        out.println();
        TextTable loads = new TextTable().row("stream-service loads the batch into", "rows", "seconds", "rows/s", "vs empty",
                "service CPU s", "machine cores busy");
        for (String kind : new String[] {"empty", "preloaded"}) {
            JsonNode load = table.path(kind);
            if (load.isObject()) {
                loads.row(kind.equals("preloaded") ? "preloaded (" + text(table.path("preloaded_rows")) + " rows)" : "empty table",
                        load.path("rows"), load.path("seconds"), load.path("rows_per_sec"),
                        kind.equals("empty") ? (Object) 1 : table.path("ratio_preloaded_over_empty"),
                        load.path("service_cpu_s"), load.path("machine_cores_busy"));
            }
        }
        loads.print(out);
        out.println();
        JsonNode explain = table.path("explain");
        out.println("EXPLAIN (ANALYZE, BUFFERS) on the preloaded table, now " + text(explain.path("table_rows"))
                + " rows (after VACUUM ANALYZE, " + text(explain.path("vacuum_analyze_ms")) + " ms):");
        TextTable queries = new TextTable().row("query", "result rows", "execution ms (3 runs)", "plan");
        for (JsonNode query : table.path("queries")) {
            queries.row(query.path("name"), query.path("result_rows"), ExplainQueries.runsText(query), query.path("plan_summary"));
        }
        queries.print(out);
    }
}
