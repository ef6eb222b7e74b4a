package dev.pipeline.launcher.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pipeline.harness.pipeline.PipelineHarness.Drained;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of each scenario, written after every scenario (so a failing run still leaves the ones
 * before it) to {@code target/faults/results.md} (a Markdown table to copy into the docs) and
 * {@code results.json}.
 */
final class FaultResults {

    private static final Path DIR = Path.of("target", "faults");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<Map<String, Object>> ROWS = new ArrayList<>();
    private static final String STARTED = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()).toString();

    private FaultResults() {
    }

    static synchronized void record(String scenario, Drained drained, String faults, String observed, Duration wall) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scenario", scenario);
        row.put("acked", drained.acked());
        row.put("in_postgres", drained.inPostgres());
        row.put("quarantined", drained.quarantined());
        row.put("lost", drained.lost());
        row.put("duplicates", drained.duplicates());
        row.put("duplicates_dropped", drained.duplicatesDropped());
        row.put("wrong_reason", drained.wrongReason());
        row.put("faults_injected", faults);
        row.put("observed", observed);
        row.put("drain_seconds", seconds(drained.drainTime()));
        row.put("wall_seconds", seconds(wall));
        ROWS.add(row);
        write();
    }

    private static void write() {
        StringBuilder md = new StringBuilder("Fault suite, run started " + STARTED + " (`./mvnw -Pfaults verify -pl launcher -am`)\n\n"
                + "| scenario | acked | in_postgres | quarantined | lost | duplicates | faults injected | observed | wall time |\n"
                + "|---|---:|---:|---:|---:|---:|---|---|---:|\n");
        for (Map<String, Object> row : ROWS) {
            md.append(String.format("| %s | %,d | %,d | %,d | %d | %d | %s | %s | %.0f s |%n", row.get("scenario"),
                    (long) row.get("acked"), (long) row.get("in_postgres"), (long) row.get("quarantined"),
                    (long) row.get("lost"), (long) row.get("duplicates"), row.get("faults_injected"),
                    row.get("observed"), (double) row.get("wall_seconds")));
        }
        md.append("\n`acked` = in_postgres + quarantined + duplicates_dropped + lost (ids acknowledged more than once"
                + " are stored once); `duplicates` = rows in `user_events` beyond one per acknowledged valid id.\n");
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve("results.md"), md, StandardCharsets.UTF_8);
            Files.writeString(DIR.resolve("results.json"), JSON.writeValueAsString(document()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("started", STARTED);
        document.put("scenarios", ROWS);
        return document;
    }

    private static double seconds(Duration duration) {
        return Math.round(duration.toMillis() / 100.0) / 10.0;
    }
}
