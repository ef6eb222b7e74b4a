package dev.pipeline.collector;

import dev.pipeline.model.csv.EventCsv;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives each started collector a fresh data folder, with the work folder of a collector that
 * "crashed" planted in it: one file with two complete rows and a torn third, and one header-only
 * file. {@link dev.pipeline.collector.storage.StartupRecoveryTest} checks what the start made of it.
 */
public class CollectorTestData implements QuarkusTestResourceLifecycleManager {

    public static final String CRASHED_FILE = "events-20260101T000000.000Z-crashed-0000abcd-000001.csv";
    public static final String HEADER_ONLY_FILE = "events-20260101T000000.000Z-crashed-0000abcd-000002.csv";
    public static final String TORN_ROW_ID = "torn-3";

    @Override
    public Map<String, String> start() {
        try {
            Path data = Files.createTempDirectory("collector-test-");
            Path crashed = Files.createDirectories(data.resolve("work/collector-crashed-0000abcd"));
            String rows = EventCsv.HEADER
                    + "crash-1,u1,view,p1,1.00,2026-01-01T00:00:00Z,2026-01-01T00:00:01Z\n"
                    + "crash-2,u2,purchase,p2,2.50,2026-01-01T00:00:00Z,2026-01-01T00:00:01Z\n"
                    + TORN_ROW_ID + ",u3,vi";
            Files.writeString(crashed.resolve(CRASHED_FILE + ".part"), rows, StandardCharsets.UTF_8);
            Files.writeString(crashed.resolve(HEADER_ONLY_FILE + ".part"), EventCsv.HEADER, StandardCharsets.UTF_8);
            return Map.of(
                    "pipeline.data-dir", data.toString(),
                    "collector.roll-interval", "100ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The folder stays for inspection of a failed run; it is under the system temp folder.
    }
}
