package dev.pipeline.bench.scenario.e2e;

import static dev.pipeline.bench.scenario.JqFigures.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.TextTable;
import java.io.PrintStream;

/** The tables of e2e and sustain results, as the former stream tables script printed them. */
final class RateTables {

    private RateTables() {
    }

    /** The steps of every setting of an e2e results file. */
    static void printSteps(JsonNode results, PrintStream out) {
        JsonNode settings = results.path("settings");
        boolean auto = settings.path("batch").asText().equals("auto");
        out.println("steps of " + text(settings.path("duration_s")) + " s measured after " + text(settings.path("warmup_s"))
                + " s warm-up, " + text(settings.path("batch")) + " events per request"
                + (auto ? " (100 up to 10000 events/s, 500 above)" : "") + ", " + text(settings.path("connections"))
                + " connections");
        out.println();
        out.println("latency of the step's rows after the warm-up, ms: commit = received_at -> its transaction's commit (stream_files.committed_at),");
        out.println("lo = received_at -> created_at (the transaction's start), hi = received_at -> the log line of the batch's end;");
        out.println("/lag = the service's e2e_latency_ms at the step's end; CPU s/1M = CPU seconds per million events, collector + stream + PostgreSQL");
        TextTable table = new TextTable().row("roll", "trigger", "rate", "batch", "acked/s", "commit p50", "commit p99", "lo p50",
                "lo p99", "hi p50", "hi p99", "/lag p50", "/lag p99", "missing", "batches/s", "files/s", "rows/batch", "trigger p50",
                "load p50", "coll cores", "stream cores", "pg cores", "machine cores", "CPU s/1M", "coll", "stream", "pg");
        for (JsonNode config : results.path("configs")) {
            for (JsonNode step : config.path("steps")) {
                JsonNode latency = step.path("table_latency_ms");
                JsonNode lag = step.path("lag_at_end").path("e2e_latency_ms");
                JsonNode batches = step.path("batches");
                JsonNode cores = step.path("cpu_cores");
                JsonNode perMillion = step.path("cpu_s_per_million_events");
                table.row(config.path("collector_roll_interval"), config.path("stream_trigger_interval"), step.path("rate"),
                        JqFigures.or(step.path("batch"), step.path("client").path("batch")),
                        step.path("client").path("events_per_sec"), latency.path("commit_p50"), latency.path("commit_p99"),
                        latency.path("p50"), latency.path("p99"),
                        latency.path("upper_p50"), latency.path("upper_p99"), lag.path("p50"), lag.path("p99"),
                        step.path("check").path("missing_events"), batches.path("per_sec"), batches.path("files_per_sec"),
                        batches.path("rows_per_batch_p50"), batches.path("trigger_ms_p50"), loadP50(batches),
                        cores.path("collector"), cores.path("stream"), cores.path("postgres"), cores.path("machine"),
                        perMillion.path("total"), perMillion.path("collector"), perMillion.path("stream"), perMillion.path("postgres"));
            }
        }
        table.print(out);
    }

    /** Files of the first version of the script logged stage and commit apart: their sum stands for load. */
    private static JsonNode loadP50(JsonNode batches) {
        JsonNode load = batches.path("load_ms_p50");
        if (!load.isMissingNode() && !load.isNull()) {
            return load;
        }
        return JqFigures.number(batches.path("stage_ms_p50").asDouble(0) + batches.path("commit_ms_p50").asDouble(0));
    }

    /**
     * A {@code sustain} object: the verdict in three lines and the {@code /lag} samples.
     *
     * @param after what ran before it on the same services, e.g. "after the steps"
     */
    static void printSustain(JsonNode sustain, String after, PrintStream out) {
        JsonNode client = sustain.path("client");
        JsonNode latency = sustain.path("table_latency_ms");
        JsonNode batches = sustain.path("batches");
        JsonNode cores = sustain.path("cpu_cores");
        out.println("sustain: " + text(sustain.path("rate")) + " events/s for " + text(sustain.path("duration_s")) + " s ("
                + text(sustain.path("batch")) + " per request) on " + text(sustain.path("collector_roll_interval")) + "/"
                + text(sustain.path("stream_trigger_interval")) + ", " + after + ": " + text(client.path("events_per_sec"))
                + " acked/s (" + text(client.path("events_acked")) + " of " + text(sustain.path("events_due"))
                + " due; kept rate " + text(sustain.path("kept_rate")) + "), missing "
                + text(sustain.path("check").path("missing_events")));
        out.println("  latency commit p50 " + text(latency.path("commit_p50")) + " p99 " + text(latency.path("commit_p99"))
                + " ms, lo p50 " + text(latency.path("p50")) + " p99 " + text(latency.path("p99")) + " ms, hi p50 "
                + text(latency.path("upper_p50")) + " p99 " + text(latency.path("upper_p99")) + " ms; trigger p50 "
                + text(batches.path("trigger_ms_p50")) + " ms, load p50 " + text(batches.path("load_ms_p50"))
                + " ms; cores: collector " + text(cores.path("collector")) + " stream " + text(cores.path("stream")) + " postgres "
                + text(cores.path("postgres")) + " machine " + text(cores.path("machine")));
        out.println("  CPU seconds per million events: " + sustain.path("cpu_s_per_million_events"));
        out.println("  oldest pending age, mean: first " + text(sustain.path("lag_window_s")) + " s "
                + text(sustain.path("lag_first_minute_mean_ms")) + " ms, last " + text(sustain.path("lag_window_s")) + " s "
                + text(sustain.path("lag_last_minute_mean_ms")) + " ms; slope " + text(sustain.path("lag_slope_ms_per_min"))
                + " ms/min => " + (sustain.path("flat").asBoolean(false) ? "FLAT (keeps up)" : "NOT FLAT (falls behind or missed its rate)"));
        TextTable table = new TextTable("  ").row("t s", "pending files", "pending KB", "oldest pending ms", "last batch ms",
                "rows/s", "/lag p50", "/lag p99");
        for (JsonNode sample : sustain.path("lag_samples")) {
            table.row(sample.path("t_s"), sample.path("pending_files"),
                    JqFigures.number(JqFigures.round(sample.path("pending_bytes").asDouble(0) / 1024)),
                    sample.path("oldest_pending_age_ms"), sample.path("last_batch_duration_ms"),
                    sample.path("processed_rows_per_second"), sample.path("e2e_p50_ms"), sample.path("e2e_p99_ms"));
        }
        table.print(out);
    }
}
