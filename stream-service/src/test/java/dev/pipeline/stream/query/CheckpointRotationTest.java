package dev.pipeline.stream.query;

import static dev.pipeline.stream.RawFolder.publishCsv;
import static dev.pipeline.stream.RawFolder.quarantined;
import static dev.pipeline.stream.RawFolder.row;
import static dev.pipeline.stream.RawFolder.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.stream.EventsTable;
import dev.pipeline.stream.RawFolder;
import dev.pipeline.stream.StreamTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint stays bounded: with a threshold of 12 KiB, a stream of small files makes the
 * service start its query on a fresh checkpoint again and again, and still every event lands
 * exactly once and every bad row is quarantined exactly once (no file is read twice).
 */
@QuarkusTest
@WithTestResource(CheckpointRotationTest.SmallCheckpoint.class)
class CheckpointRotationTest {

    private static final long THRESHOLD = 12 * 1024;
    private static final int FILES = 300;
    private static final int ROWS_PER_FILE = 5;
    /** A batch's offsets file and the log entries of the ~40 files a slow batch takes here. */
    private static final long ONE_BATCH = 8 * 1024;

    public static class SmallCheckpoint extends StreamTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            config.put("stream.checkpoint-rotate-bytes", Long.toString(THRESHOLD));
            return config;
        }
    }

    @Inject
    SparkSession spark;

    @Test
    void theCheckpointStaysUnderItsBoundAndEveryEventLandsOnce() throws Exception {
        String p = RawFolder.uniquePrefix();
        Path checkpoint = RawFolder.dataDir().resolve("checkpoints");
        AtomicLong largest = new AtomicLong();
        Set<UUID> queries = ConcurrentHashMap.newKeySet();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                largest.accumulateAndGet(CheckpointRotation.size(checkpoint), Math::max);
                for (StreamingQuery query : spark.streams().active()) {
                    queries.add(query.id());
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "checkpoint-sampler");
        sampler.start();

        List<String> withBadRow = new ArrayList<>();
        try {
            for (int f = 0; f < FILES; f++) {
                String content = rows(p, f * ROWS_PER_FILE, ROWS_PER_FILE);
                if (f % 10 == 0) {
                    content += row(p + "bad" + f).replace(",view,", ",refund,");
                }
                String name = publishCsv(p + String.format("%04d", f) + ".csv", content);
                if (f % 10 == 0) {
                    withBadRow.add(name);
                }
                Thread.sleep(80);
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> EventsTable.count(p) == FILES * ROWS_PER_FILE);
        } finally {
            sampling.set(false);
            sampler.join();
        }

        System.out.printf("CheckpointRotationTest: %d queries, largest checkpoint %d bytes (threshold %d)%n",
                queries.size(), largest.get(), THRESHOLD);
        assertThat(EventsTable.ids(p)).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, FILES * ROWS_PER_FILE).mapToObj(i -> p + i).toList());
        // Quarantining happens in the load of a file: once per file means no file was loaded twice.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String name : withBadRow) {
                assertThat(quarantined(name)).as(name).hasSize(1);
            }
        });
        assertThat(queries).as("queries, one per checkpoint").hasSizeGreaterThanOrEqualTo(3);
        // Checked at each batch's start: over by at most what one batch's planning added (its offsets,
        // its files' entries and at most a compact no larger than the log before it).
        assertThat(largest.get()).isBetween(THRESHOLD, 2 * THRESHOLD + ONE_BATCH);
        assertThat(CheckpointRotation.size(checkpoint)).isLessThan(2 * THRESHOLD + ONE_BATCH);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Stream<Path> siblings = Files.list(checkpoint.getParent())) {
                assertThat(siblings.map(s -> s.getFileName().toString()))
                        .noneMatch(name -> name.startsWith("checkpoints-rotated-"));
            }
        });
    }
}
