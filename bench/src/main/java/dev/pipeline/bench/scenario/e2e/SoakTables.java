package dev.pipeline.bench.scenario.e2e;

import static dev.pipeline.bench.scenario.JqFigures.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.StreamResultsHead;
import dev.pipeline.bench.scenario.TextTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A soak results file as text: the run in a line, each verdict with its figures, and the samples. */
final class SoakTables {

    /** At most this many sample rows are printed (every k-th; the JSON has them all). */
    static final int MAX_ROWS = 60;

    private SoakTables() {
    }

    static void print(JsonNode results, PrintStream out) {
        StreamResultsHead.print(results, out);
        JsonNode soak = results.path("soak");
        JsonNode client = soak.path("client");
        JsonNode verdicts = soak.path("verdicts");
        out.println("soak: " + text(soak.path("rate")) + " events/s for " + text(soak.path("duration_s")) + " s ("
                + text(soak.path("batch")) + " per request) on " + text(soak.path("collector_roll_interval")) + "/"
                + text(soak.path("stream_trigger_interval")) + ", retention processed/ " + retention(soak.path("processed_retention_s"))
                + ", error/ " + retention(soak.path("error_retention_s")) + ": " + text(client.path("events_per_sec"))
                + " acked/s (" + text(client.path("events_acked")) + " of " + text(soak.path("events_due")) + " due), lost "
                + text(soak.path("lost")) + ", drained " + text(soak.path("drained_after_ms")) + " ms after the client");
        JsonNode trends = soak.path("trends");
        out.println("verdicts, trends over t >= " + text(soak.path("trend_from_s")) + " s (growth = slope x window):");
        TextTable table = new TextTable("  ").row("figure", "mean", "slope/min", "growth", "limit", "verdict");
        for (SoakVerdict.Flat figure : List.of(SoakVerdict.RSS_COLLECTOR, SoakVerdict.RSS_STREAM, SoakVerdict.LAG,
                SoakVerdict.CHECKPOINTS)) {
            JsonNode trend = trends.path(figure.field());
            table.row(figure.field(), trend.path("mean"), trend.path("slope_per_min"), trend.path("growth"), trend.path("limit"),
                    trend.path("flat").asBoolean(false) ? "flat" : "NOT FLAT");
        }
        for (String field : SoakVerdict.RECORDED) {
            JsonNode trend = trends.path(field);
            table.row(field, trend.path("mean"), trend.path("slope_per_min"), trend.path("growth"), "", "(recorded)");
        }
        table.print(out);
        JsonNode processed = soak.path("processed");
        out.println("  processed/: " + (processed.path("bounded").isNull() ? "not judged, " + processed.path("why").asText()
                : String.format(Locale.ROOT, "%s MB at t = %s s, at most %s MB after it (t = %s s), bound %s MB: %s",
                        mb(processed.path("reference_bytes")), text(processed.path("reference_t_s")), mb(processed.path("max_bytes")),
                        text(processed.path("max_t_s")), mb(processed.path("bound_bytes")),
                        processed.path("bounded").asBoolean() ? "bounded" : "NOT BOUNDED")));
        out.println("  rss flat " + text(verdicts.path("rss_flat")) + ", lag flat " + text(verdicts.path("lag_flat"))
                + ", checkpoints flat " + text(verdicts.path("checkpoints_flat")) + ", processed bounded "
                + text(verdicts.path("processed_bounded")) + ", lost none " + text(verdicts.path("lost_none")) + ", kept rate "
                + text(verdicts.path("kept_rate")) + " => " + (soak.path("passed").asBoolean(false) ? "PASSED" : "FAILED"));
        out.println("  heap max MB: collector " + text(soak.path("heap_max_mb").path("collector")) + ", stream "
                + text(soak.path("heap_max_mb").path("stream")));

        List<JsonNode> samples = new ArrayList<>();
        soak.path("samples").forEach(samples::add);
        int every = Math.max(1, (samples.size() + MAX_ROWS - 1) / MAX_ROWS);
        out.println("samples" + (every > 1 ? " (every " + every + "th; all in the JSON)" : "")
                + ": MB are 10^6 bytes; RSS and heap MiB; heap gc = heap after the last GC; oldest = oldest pending file's age");
        TextTable rows = new TextTable("  ").row("t s", "raw MB", "raw files", "processed MB", "error MB", "ckpt KB", "table MB",
                "coll rss", "coll heap gc", "stream rss", "stream heap gc", "pending", "oldest ms", "p99 ms");
        for (int i = 0; i < samples.size(); i++) {
            if (i % every == 0 || i == samples.size() - 1) {
                row(rows, text(samples.get(i).path("t_s")), samples.get(i));
            }
        }
        if (soak.path("after_drain").isObject()) {
            row(rows, "drained", soak.path("after_drain"));
        }
        rows.print(out);
    }

    private static void row(TextTable table, String t, JsonNode sample) {
        table.row(t, mb(sample.path("raw_bytes")), sample.path("raw_files"), mb(sample.path("processed_bytes")),
                mb(sample.path("error_bytes")), kb(sample.path("checkpoints_bytes")), mb(sample.path("table_bytes")),
                sample.path("collector_rss_mb"), sample.path("collector_heap_after_gc_mb"), sample.path("stream_rss_mb"),
                sample.path("stream_heap_after_gc_mb"), sample.path("pending_files"), sample.path("oldest_pending_age_ms"),
                sample.path("e2e_p99_ms"));
    }

    private static String retention(JsonNode seconds) {
        return seconds.isNumber() ? text(seconds) + " s" : "none";
    }

    /** Bytes as MB (10^6) with one decimal; "-" when missing. */
    static String mb(JsonNode bytes) {
        return bytes.isNumber() ? JqFigures.text(JqFigures.round(bytes.asDouble() / 1e6, 1)) : "-";
    }

    private static String kb(JsonNode bytes) {
        return bytes.isNumber() ? JqFigures.text(JqFigures.round(bytes.asDouble() / 1e3)) : "-";
    }
}
