package dev.pipeline.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pipeline.collector.observability.CollectorMetrics;
import dev.pipeline.model.csv.EventCsv;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer on its own, on real files: group commit, rolling, publishing and shutdown. */
class GroupCommitWriterTest {

    @TempDir
    Path dataDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private GroupCommitWriter writer(Duration rollInterval, long rollMaxBytes) throws Exception {
        DataLayout layout = new DataLayout(dataDir).create();
        var settings = new GroupCommitWriter.Settings(rollInterval, rollMaxBytes, 64L << 20, 0, true);
        return new GroupCommitWriter(layout, new FileNamer("test", Clock.systemUTC()), settings,
                new CollectorMetrics(registry, () -> 0));
    }

    private static GroupCommitWriter.Batch rows(String... ids) {
        StringBuilder csv = new StringBuilder();
        for (String id : ids) {
            csv.append(id).append(",u,view,p,1.00,2026-01-01T00:00:00Z,2026-01-01T00:00:01Z\n");
        }
        return new GroupCommitWriter.Batch(csv.toString().getBytes(StandardCharsets.UTF_8), ids.length, new byte[0]);
    }

    private List<String> rawLines() throws Exception {
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(dataDir.resolve("raw"))) {
            for (Path file : files.sorted().toList()) {
                List<String> content = Files.readAllLines(file);
                assertThat(content.get(0) + "\n").isEqualTo(EventCsv.HEADER);
                lines.addAll(content.subList(1, content.size()));
            }
        }
        return lines;
    }

    @Test
    void concurrentBatchesShareFsyncs() throws Exception {
        int clients = 32;
        int batchesPerClient = 50;
        try (GroupCommitWriter writer = writer(Duration.ofMillis(200), 1L << 30)) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int b = 0; b < batchesPerClient; b++) {
                        writer.submit(rows("c" + client + "-b" + b)).join(); // each client waits for its ack
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            pool.shutdown();
            long fsyncs = registry.get("collector.fsync").timer().count();
            assertThat(fsyncs).as("fsyncs for %d batches", clients * batchesPerClient)
                    .isLessThan(clients * batchesPerClient / 2);
        }
        assertThat(rawLines()).hasSize(clients * batchesPerClient).doesNotHaveDuplicates();
    }

    @Test
    void filesRollOnIntervalAndAppearOnlyComplete() throws Exception {
        try (GroupCommitWriter writer = writer(Duration.ofMillis(100), 1L << 30)) {
            writer.submit(rows("a1", "a2")).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> rawLines().size() == 2);
            writer.submit(rows("b1")).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> rawLines().size() == 3);
        }
        try (var files = Files.list(dataDir.resolve("raw"))) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void filesRollOnSize() throws Exception {
        try (GroupCommitWriter writer = writer(Duration.ofHours(1), 200)) {
            for (int i = 0; i < 10; i++) {
                writer.submit(rows("s" + i, "t" + i)).get(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> rawLines().size() >= 18);
        }
        try (var files = Files.list(dataDir.resolve("raw"))) {
            assertThat(files.count()).isGreaterThanOrEqualTo(5);
        }
        assertThat(rawLines()).hasSize(20);
    }

    @Test
    void closePublishesTheOpenFileAndRefusesNewBatches() throws Exception {
        GroupCommitWriter writer = writer(Duration.ofHours(1), 1L << 30);
        writer.submit(rows("last-1")).get(10, TimeUnit.SECONDS);
        assertThat(rawLines()).isEmpty(); // not rolled yet: an hour away
        writer.close();
        assertThat(rawLines()).containsExactly("last-1,u,view,p,1.00,2026-01-01T00:00:00Z,2026-01-01T00:00:01Z");
        assertThatThrownBy(() -> writer.submit(rows("late")).get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(WriterUnavailableException.class);
        try (var work = Files.list(dataDir.resolve("work"))) {
            assertThat(work.count()).as("work folder removed on a clean stop").isZero();
        }
    }

    @Test
    void quarantineLinesGoToError() throws Exception {
        try (GroupCommitWriter writer = writer(Duration.ofMillis(50), 1L << 30)) {
            byte[] line = "{\"reason\":\"empty: event_id is empty\"}\n".getBytes(StandardCharsets.UTF_8);
            writer.submit(new GroupCommitWriter.Batch(new byte[0], 0, line)).get(10, TimeUnit.SECONDS);
        }
        try (var files = Files.list(dataDir.resolve("error"))) {
            List<Path> errorFiles = files.toList();
            assertThat(errorFiles).hasSize(1);
            assertThat(errorFiles.get(0).getFileName().toString()).endsWith(".ndjson");
            assertThat(Files.readString(errorFiles.get(0))).isEqualTo("{\"reason\":\"empty: event_id is empty\"}\n");
        }
        try (var files = Files.list(dataDir.resolve("raw"))) {
            assertThat(files.count()).isZero();
        }
    }
}
