package dev.pipeline.bench.scenario;

import static dev.pipeline.bench.scenario.JqFigures.or;
import static dev.pipeline.bench.scenario.JqFigures.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/**
 * The first line above a results file's tables, what ran, when and where, as the former stream tables
 * script printed it for every stream scenario:
 * {@code sink bench 2026-11-26T09:43:32Z, commit b9ea6df (uncommitted changes), 2 cores, 24105 MiB,
 * 15.20 (Debian 15.20-0+deb12u1) shared_buffers 128MB, load at start 0.74 1.49 2.00}. The cluster,
 * generators and collector scenarios print the same line with PostgreSQL named, left out, or with
 * their settings after the machine.
 */
public final class StreamResultsHead {

    private StreamResultsHead() {
    }

    /** Prints {@link #line(JsonNode)}. */
    public static void print(JsonNode results, PrintStream out) {
        out.println(line(results));
    }

    /** The line of the results' {@code scenario}, PostgreSQL as its version ("" when not recorded). */
    public static String line(JsonNode results) {
        return line(text(results.path("scenario")), results, or(results.path("machine").path("postgres"), ""));
    }

    /** The line of the named scenario, PostgreSQL as given (the cluster scenario: {@code PostgreSQL 15.20 ...}). */
    public static String line(String scenario, JsonNode results, String postgres) {
        JsonNode machine = results.path("machine");
        return machine(scenario, results) + ", " + postgres + " shared_buffers " + or(machine.path("shared_buffers"), "?")
                + ", load at start " + or(machine.path("loadavg_at_start"), "?");
    }

    /** The line of a scenario without PostgreSQL (generators): the machine and its load at the start. */
    public static String lineWithoutPostgres(String scenario, JsonNode results) {
        return machine(scenario, results) + ", load at start " + or(results.path("machine").path("loadavg_at_start"), "?");
    }

    /** The start of the line: {@code collector bench <date>, commit <commit>[ (uncommitted changes)], <n> cores, <m> MiB}. */
    public static String machine(String scenario, JsonNode results) {
        JsonNode machine = results.path("machine");
        return scenario + " bench " + text(results.path("date")) + ", commit " + text(results.path("git_commit"))
                + (results.path("git_dirty").asBoolean(false) ? " (uncommitted changes)" : "") + ", "
                + text(machine.path("nproc")) + " cores, " + text(machine.path("mem_total_mb")) + " MiB";
    }
}
