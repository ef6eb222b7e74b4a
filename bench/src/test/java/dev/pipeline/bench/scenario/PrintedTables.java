package dev.pipeline.bench.scenario;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** For the tests of the scenarios' tables: what a scenario prints for a results file, and a results file's head. */
public final class PrintedTables {

    /** The head of a results file (without PostgreSQL), to go first in a test's JSON object. */
    public static final String HEAD = """
            "date": "2026-11-26T11:09:05Z", "git_commit": "b274757", "git_dirty": true,
            "machine": {"nproc": 2, "mem_total_mb": 24152, "loadavg_at_start": "0.42 1.73 1.94"},""";

    private PrintedTables() {
    }

    /** What the scenario prints for the results file {@code json}. */
    public static String printed(Scenario scenario, String json) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        scenario.printTables(BenchRun.JSON.readTree(json), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
