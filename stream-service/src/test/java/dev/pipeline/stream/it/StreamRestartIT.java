package dev.pipeline.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.reconcile.QuarantineIds;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.csv.EventCsv;
import dev.pipeline.stream.TestPostgres;
import dev.pipeline.stream.archive.ArchiveFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged stream service as users run it ({@code java -jar}, no flags), killed with SIGKILL
 * mid-stream three times and started again on the same checkpoint, then made to replay its last
 * batch (whose files are gone from {@code raw/} by then): every valid event is in {@code user_events}
 * exactly once and in the Parquet archive exactly once, every bad line quarantined exactly once, and
 * {@code raw/} is empty.
 */
class StreamRestartIT {

    private static final int FILES = 120;
    private static final int ROWS_PER_FILE = 500;

    @TempDir
    Path dataDir;

    private PackagedService stream;

    @AfterEach
    void stopStream() {
        if (stream != null) {
            stream.kill9();
        }
    }

    @Test
    void killNineAndAReplayedBatchLoseNothingAndDuplicateNothing() throws Exception {
        String prefix = "it" + Long.toHexString(System.nanoTime()) + "-";
        Set<String> expected = new HashSet<>();
        int badLines = 0;
        Path staging = Files.createDirectories(dataDir.resolve("staging"));
        Path raw = Files.createDirectories(dataDir.resolve("raw"));
        for (int f = 0; f < FILES; f++) {
            StringBuilder csv = new StringBuilder(EventCsv.HEADER);
            Instant now = Instant.now();
            for (int r = 0; r < ROWS_PER_FILE; r++) {
                // Every tenth row repeats an id of the previous file: a duplicate across files and batches.
                int id = r % 10 == 0 && f > 0 ? (f - 1) * ROWS_PER_FILE + r : f * ROWS_PER_FILE + r;
                expected.add(prefix + id);
                csv.append(prefix).append(id).append(",u-").append(r % 50).append(",view,p-1,1.25,")
                        .append(now).append(',').append(now).append('\n');
            }
            csv.append(prefix).append("bad-").append(f).append(",u,view,p,-1,").append(now).append(',').append(now).append('\n');
            badLines++;
            Path file = Files.writeString(staging.resolve("events-" + f + ".csv"), csv);
            Files.move(file, raw.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }

        stream = stream();
        for (int kill = 1; kill <= 3; kill++) {
            stream.launch();
            long target = (long) expected.size() * kill / 4;
            await().atMost(Duration.ofSeconds(120)).until(() -> count(prefix) >= target);
            stream.kill9();
        }
        stream.launch();
        await().atMost(Duration.ofSeconds(180)).until(() -> count(prefix) == expected.size());
        await().atMost(Duration.ofSeconds(60)).until(() -> quarantinedIds().size() == FILES);
        stream.kill9();

        long replayed = forgetLastCommit();
        stream.launch();
        await().atMost(Duration.ofSeconds(120)).until(() -> committedBatches().contains(replayed)
                && Files.exists(dataDir.resolve("checkpoints/commits/" + replayed)));

        assertThat(Files.readString(dataDir.resolve("stream.log")))
                .contains("Batch " + replayed + " was committed before the restart; not loading it again");
        assertThat(ids(prefix)).containsExactlyInAnyOrderElementsOf(expected);
        List<String> quarantined = quarantinedIds();
        assertThat(quarantined).hasSize(badLines).doesNotHaveDuplicates()
                .allMatch(id -> id.startsWith(prefix + "bad-"));
        // Every loaded file has left raw/, and the archive holds each stored id exactly once.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(csvFiles(raw)).isEmpty());
        assertThat(ArchiveFiles.rows(dataDir.resolve("processed"))).extracting(UserEvent::eventId)
                .containsExactlyInAnyOrderElementsOf(expected);
        // A part staged by a partition the kill cut short before its commit may stay (deleted after an
        // hour); none that a commit recorded, which would be rows missing from the archive.
        Path staged = dataDir.resolve("processed/_staging");
        List<String> leftovers = Files.exists(staged) ? filesIn(staged).stream()
                .map(file -> staged.relativize(file).getName(0).toString()).distinct().toList() : List.of();
        List<String> committed = committedParts();
        assertThat(leftovers).noneMatch(committed::contains);
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Path> csvFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".csv")).toList();
        }
    }

    /** Makes Spark run the last batch again, as after a crash between the database commit and its own. */
    private long forgetLastCommit() throws IOException {
        Path commits = dataDir.resolve("checkpoints/commits");
        long last;
        try (Stream<Path> files = Files.list(commits)) {
            last = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .mapToLong(Long::parseLong).max().orElseThrow();
        }
        Files.delete(commits.resolve(Long.toString(last)));
        Files.deleteIfExists(commits.resolve("." + last + ".crc"));
        return last;
    }

    private List<String> quarantinedIds() {
        return QuarantineIds.readAll(dataDir.resolve("error")).stream().map(record -> record.raw().split(",")[0]).toList();
    }

    /** The packaged stream service, started again on the same data folder, its log appended to {@code stream.log}. */
    private PackagedService stream() {
        TestPostgres postgres = TestPostgres.get();
        return PackagedService.of(ServiceModule.STREAM)
                .withJvmOptions("-Xmx512m")
                .withLog(dataDir.resolve("stream.log"))
                .withEnv("PIPELINE_DATA_DIR", dataDir.toString())
                .withDatasource(postgres.url(), postgres.user(), postgres.password())
                .withEnv("STREAM_TRIGGER_INTERVAL", "100ms")
                // Small batches, so that the kills land between and inside many of them.
                .withEnv("STREAM_MAX_FILES_PER_TRIGGER", "3");
    }

    private static long count(String prefix) {
        return ids(prefix).size();
    }

    private static List<String> ids(String prefix) {
        try (Connection connection = TestPostgres.get().connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT event_id FROM user_events WHERE event_id LIKE '" + prefix + "%'")) {
            List<String> ids = new ArrayList<>();
            while (result.next()) {
                ids.add(result.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return List.of();
            }
            throw new IllegalStateException(e);
        }
    }

    private static List<String> committedParts() {
        try (Connection connection = TestPostgres.get().connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT DISTINCT archive_part FROM stream_files WHERE archive_part IS NOT NULL")) {
            List<String> parts = new ArrayList<>();
            while (result.next()) {
                parts.add(result.getString(1));
            }
            return parts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<Long> committedBatches() {
        try (Connection connection = TestPostgres.get().connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT batch_id FROM stream_batches")) {
            Set<Long> batches = new HashSet<>();
            while (result.next()) {
                batches.add(result.getLong(1));
            }
            return batches;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
