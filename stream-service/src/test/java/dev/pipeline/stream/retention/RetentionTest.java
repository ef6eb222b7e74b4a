package dev.pipeline.stream.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.harness.PrometheusText;
import dev.pipeline.stream.StreamTestResource;
import dev.pipeline.stream.config.PipelineConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The stream service applies retention by itself, on real files with real modification times: what
 * was in {@code processed/} and {@code error/} before it started is swept at start, and a file that
 * turns up old later goes at the next check, with no call from anyone. {@code processed/} keeps 2
 * minutes (so the service checks every 12 s), {@code error/} keeps everything ({@code 0}).
 */
@QuarkusTest
@WithTestResource(RetentionTest.OldFiles.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionTest {

    private static final Duration PROCESSED_RETENTION = Duration.ofMinutes(2);

    /** The stream's data folder and settings, with files laid out before the service starts. */
    public static class OldFiles extends StreamTestResource {

        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            config.put("pipeline.processed-retention", "2m");
            config.put("pipeline.error-retention", "0");
            Path data = Path.of(config.get("pipeline.data-dir"));
            Instant now = Instant.now();
            Instant daysAgo = now.minus(Duration.ofDays(3));
            file(data, "processed/events-old.csv", daysAgo);
            file(data, "processed/event_date=2026-11-01/batch-1-part-0.parquet", daysAgo);
            file(data, "processed/event_date=2026-11-02/batch-2-part-0.parquet", daysAgo);
            file(data, "processed/event_date=2026-11-02/batch-2-part-1.parquet", now.minusSeconds(5));
            file(data, "processed/events-young.csv", now.minusSeconds(5));
            file(data, "processed/_staging/batch-7/part-0.parquet", daysAgo);
            file(data, "error/events-old.ndjson", now.minus(Duration.ofDays(400)));
            return config;
        }
    }

    @Inject
    PipelineConfig pipeline;

    @Test
    @Order(1)
    void whatWasOlderAtStartIsDeletedAndTheRestKept() {
        Path processed = pipeline.dataDir().resolve("processed");
        await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(processed.resolve("events-old.csv")));

        // The same pass saw every file: the old ones went, the young and the writer's ones stayed.
        assertThat(processed.resolve("event_date=2026-11-01/batch-1-part-0.parquet")).doesNotExist();
        assertThat(processed.resolve("event_date=2026-11-02/batch-2-part-0.parquet")).doesNotExist();
        assertThat(processed.resolve("event_date=2026-11-02/batch-2-part-1.parquet")).exists();
        assertThat(processed.resolve("events-young.csv")).exists();
        assertThat(processed.resolve("_staging/batch-7/part-0.parquet")).exists();
        assertThat(pipeline.dataDir().resolve("error/events-old.ndjson")).as("error/ has retention 0: kept for ever").exists();

        // The date folder left empty goes once it has stayed so for a check interval; the other stays.
        await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(processed.resolve("event_date=2026-11-01")));
        assertThat(processed.resolve("event_date=2026-11-02")).isDirectory();
        assertThat(processed.resolve("_staging")).isDirectory();
    }

    @Test
    @Order(2)
    void aFileThatTurnsUpOldIsDeletedAtTheNextCheckAndTheDeletionIsLoggedAndCounted() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(Retention.class.getName());
        logger.addHandler(handler);
        try {
            Instant modified = Instant.parse("2026-10-05T08:30:00Z");
            Path late = file(pipeline.dataDir(), "processed/event_date=2026-10-05/batch-40-part-0.parquet", modified);
            Path quarantine = file(pipeline.dataDir(), "error/events-late.ndjson", modified);

            await().atMost(PROCESSED_RETENTION.dividedBy(10).multipliedBy(4)).until(() -> !Files.exists(late));
            assertThat(quarantine).exists();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logged)
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("Retention: deleted 1 file (100 bytes) from processed/ modified before ")
                            .contains("(older than 2m), the oldest modified 2026-10-05T08:30:00Z")));
        } finally {
            logger.removeHandler(handler);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(counter(metrics, "stream_retention_files_deleted_total{folder=\"processed\"}")).isGreaterThanOrEqualTo(4);
        assertThat(counter(metrics, "stream_retention_bytes_deleted_total{folder=\"processed\"}")).isGreaterThanOrEqualTo(400);
        assertThat(metrics).contains("stream_retention_files_deleted_total{folder=\"error\"} 0.0");
    }

    private static double counter(String metrics, String series) {
        return PrometheusText.value(metrics, series);
    }

    /** A file of 100 bytes, last modified at {@code modified}. */
    private static Path file(Path data, String name, Instant modified) {
        try {
            Path file = data.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[100]);
            Files.setLastModifiedTime(file, FileTime.from(modified));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
