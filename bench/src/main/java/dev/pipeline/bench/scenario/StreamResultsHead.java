package dev.pipeline.bench.scenario;

import static dev.pipeline.bench.scenario.JqFigures.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/** The first line stream-tables.sh printed above every stream benchmark's tables: what ran, when, where. */
final class StreamResultsHead {

    private StreamResultsHead() {
    }

    static void print(JsonNode results, PrintStream out) {
        JsonNode machine = results.path("machine");
        out.println(text(results.path("scenario")) + " bench " + text(results.path("date")) + ", commit "
                + text(results.path("git_commit")) + (results.path("git_dirty").asBoolean(false) ? " (uncommitted changes)" : "")
                + ", " + text(machine.path("nproc")) + " cores, " + text(machine.path("mem_total_mb")) + " MiB, "
                + machine.path("postgres").asText("") + " shared_buffers " + machine.path("shared_buffers").asText("?")
                + ", load at start " + machine.path("loadavg_at_start").asText("?"));
    }
}
