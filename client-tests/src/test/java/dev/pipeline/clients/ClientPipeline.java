package dev.pipeline.clients;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.postgres.Database;
import dev.pipeline.harness.postgres.TestDatabase;
import dev.pipeline.harness.reconcile.QuarantineIds;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The pipeline the clients send to, as users run it: a PostgreSQL (embedded, or the one in
 * {@code PIPELINE_TEST_JDBC_URL}), the packaged collector with a write key, and the packaged stream service
 * on the same data folder, with short roll and trigger intervals. One per test JVM, shared by the ITs
 * ({@link SharedPipeline}); each test tells its events apart by a prefix of its own in the user and product ids.
 */
final class ClientPipeline implements AutoCloseable {

    /** The collector's {@code COLLECTOR_API_KEY}: the Segment-protocol SDKs send it as their write key. */
    static final String WRITE_KEY = "client-tests-write-key";

    private static final Duration ROWS_TIMEOUT = Duration.ofSeconds(45);

    private final Path runDir;
    private final Database database;
    private final PackagedService collector;
    private final PackagedService stream;

    private ClientPipeline(Path runDir, Database database, PackagedService collector, PackagedService stream) {
        this.runDir = runDir;
        this.database = database;
        this.collector = collector;
        this.stream = stream;
    }

    /** Starts PostgreSQL, then the collector and the stream service side by side, and returns once both are ready. */
    static ClientPipeline start(Path runDir) throws IOException, InterruptedException {
        Files.createDirectories(runDir.resolve("logs"));
        Path data = runDir.resolve("data");
        Database database = TestDatabase.embeddedOrExternal(runDir);
        PackagedService collector = PackagedService.of(ServiceModule.COLLECTOR)
                .withJvmOptions("-Xmx256m")
                .withLog(runDir.resolve("logs/collector.log"))
                .withEnv("PIPELINE_DATA_DIR", data.toString())
                .withEnv("COLLECTOR_API_KEY", WRITE_KEY)
                .withEnv("COLLECTOR_ROLL_INTERVAL", "200ms");
        PackagedService stream = PackagedService.of(ServiceModule.STREAM)
                .withJvmOptions("-Xmx512m")
                .withLog(runDir.resolve("logs/stream.log"))
                .withEnv("PIPELINE_DATA_DIR", data.toString())
                .withDatasource(database.jdbcUrl(), database.user(), database.password())
                .withEnv("STREAM_TRIGGER_INTERVAL", "250ms");
        ClientPipeline pipeline = new ClientPipeline(runDir, database, collector, stream);
        try {
            collector.launch();
            stream.launch();
            collector.awaitReady();
            stream.awaitReady();
            return pipeline;
        } catch (RuntimeException | InterruptedException e) {
            pipeline.close();
            throw e;
        }
    }

    URI collectorUrl() {
        return collector.url();
    }

    Path runDir() {
        return runDir;
    }

    /** The stream service's address: its dashboard is {@code GET /}. */
    URI streamUrl() {
        return stream.url();
    }

    /** The stream service's {@code GET /lag}. */
    JsonNode streamLag() throws IOException, InterruptedException {
        return stream.lag();
    }

    /** The one number {@code sql} answers (a count), read from the pipeline's PostgreSQL. */
    long queryNumber(String sql) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement select = connection.prepareStatement(sql);
                ResultSet result = select.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Where to look after a failure. */
    String whereToLook() {
        return "logs: " + collector.log() + ", " + stream.log() + "; data: " + runDir.resolve("data");
    }

    /** One row of {@code user_events}. */
    record StoredEvent(String eventId, String eventType, String userId, String productId, BigDecimal price,
            Instant eventTimestamp) {

        Row row() {
            return new Row(eventType, userId, productId, price);
        }
    }

    /**
     * The rows of one test: user or product id starting with {@code prefix} (which holds no {@code %} or
     * {@code _}), plus those of {@code otherUsers} (a browser's anonymous visitor, whose id the browser chose).
     */
    List<StoredEvent> storedEvents(String prefix, List<String> otherUsers) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement select = connection.prepareStatement("SELECT event_id, event_type, user_id, product_id, price,"
                        + " event_timestamp FROM user_events WHERE user_id LIKE ? OR product_id LIKE ? OR user_id = ANY (?)")) {
            select.setString(1, prefix + "%");
            select.setString(2, prefix + "%");
            select.setArray(3, connection.createArrayOf("varchar", otherUsers.toArray()));
            List<StoredEvent> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new StoredEvent(result.getString(1), result.getString(2), result.getString(3),
                            result.getString(4), result.getBigDecimal(5), result.getTimestamp(6).toInstant()));
                }
            }
            return rows;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return List.of(); // the stream creates the table at start; not there yet
            }
            throw e;
        }
    }

    /**
     * Waits until {@code expectedRows} rows of the test are in {@code user_events} ({@link #ROWS_TIMEOUT} at
     * most: fewer is for the assertions to show), then until the stream has loaded every file the collector
     * published, so that a row that should not be there (a second copy, say) would be there too.
     */
    void awaitLoaded(String prefix, List<String> otherUsers, int expectedRows) {
        waitQuietly(ROWS_TIMEOUT, () -> storedEvents(prefix, otherUsers).size() >= expectedRows);
        // The poll delay lets the collector publish what it holds (it rolls every 200 ms).
        await("the stream loads every published file").atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> stream.lag().path("pending_files").asLong() == 0);
    }

    /** The collector's count of tracker calls kept as unmapped, from {@code /q/metrics}. */
    double unmappedCounted() throws IOException, InterruptedException {
        return collector.metric("collector_events_rejected_total{reason=\"unmapped_event\"}");
    }

    /** Every record of {@code error/}, the collector's and the stream's. */
    List<QuarantineIds.Record> quarantine() {
        return QuarantineIds.readAll(runDir.resolve("data/error"));
    }

    /** Waits until {@code condition} holds, at most {@code timeout}; false if it never did (no exception). */
    static boolean waitQuietly(Duration timeout, Callable<Boolean> condition) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Stops the stream service, the collector, then PostgreSQL (an external one is left running). */
    @Override
    public void close() throws InterruptedException {
        try {
            stream.stop();
            collector.stop();
        } finally {
            database.close();
        }
    }

    /** Empties {@code dir}: each run starts from a fresh database, data folder and logs. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
