package dev.pipeline.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.FreePort;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.postgres.Database;
import dev.pipeline.harness.postgres.TestDatabase;
import dev.pipeline.harness.reconcile.AckedIds;
import dev.pipeline.harness.reconcile.QuarantineIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline end to end, as {@code ./run.sh} runs it: the packaged launcher in a process of its own
 * starts the three packaged services as real processes against a real PostgreSQL, two generators
 * send with invalid and duplicate events for 20 s, and then this test reconciles every event id
 * itself, from the generators' acknowledged-ids files, {@code user_events} and {@code error/}, and
 * holds the launcher's summary line to the same numbers.
 */
class RunPipelineIT {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SUMMARY = Pattern.compile(
            "summary: sent=(\\d+) acked=(\\d+) in_postgres=(\\d+) quarantined=(\\d+) duplicates_dropped=(\\d+) lost=(\\d+)");

    @TempDir
    Path tmp;

    private Database database;
    private ChildProcess launcher;

    @AfterEach
    void stop() {
        if (launcher != null) {
            launcher.killNow();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void everyAcknowledgedEventIsInPostgresOnceOrQuarantinedWithItsReason() throws Exception {
        for (ServiceModule service : ServiceModule.values()) {
            assertThat(service.jar(HOME)).as("packaged %s (the reactor packages it before the launcher)", service.module())
                    .exists();
        }
        // The launcher gets an external PostgreSQL, so that this test can read it after the launcher has stopped.
        database = TestDatabase.embeddedOrExternal(tmp);
        Path data = tmp.resolve("data");
        Path output = tmp.resolve("run.out");
        launcher = ChildProcess.java("launcher", List.of(
                        "-jar", Path.of("target/launcher.jar").toString(),
                        "--home", HOME.toString(), "--data-dir", data.toString(),
                        "--duration", "20", "--rate", "300", "--generators", "2", "--batch-size", "25",
                        "--invalid-ratio", "0.05", "--duplicate-ratio", "0.05",
                        "--collector-port", Integer.toString(FreePort.any()), "--stream-port", Integer.toString(FreePort.any()),
                        "--generator-port", Integer.toString(FreePort.any())))
                .env("PIPELINE_JDBC_URL", database.jdbcUrl())
                .env("PIPELINE_JDBC_USER", database.user())
                .env("PIPELINE_JDBC_PASSWORD", database.password())
                .log(output)
                .start();

        await().atMost(Duration.ofMinutes(5)).until(() -> !launcher.isAlive());
        List<String> printed = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(launcher.exitValue()).as("exit status; it printed:%n%s", String.join("\n", printed)).isZero();
        Matcher summary = SUMMARY.matcher(printed.get(printed.size() - 1));
        assertThat(summary.matches()).as("the last line is the summary: %s", printed.get(printed.size() - 1)).isTrue();

        // What the generators were told was recorded: valid ids (repeated when sent again) and invalid ids with their reason.
        AckedIds acked;
        try (Stream<Path> files = Files.list(data.resolve("run"))) {
            acked = AckedIds.read(files.filter(f -> f.getFileName().toString().startsWith("acked-ids-")).toList());
        }
        Map<String, Integer> validTimes = acked.valid();
        Map<String, String> invalidReasons = acked.invalid();
        assertThat(validTimes).as("valid events acknowledged").hasSizeGreaterThan(2000);
        assertThat(invalidReasons).as("invalid events acknowledged").hasSizeGreaterThan(100);
        long duplicates = acked.duplicates();
        assertThat(duplicates).as("duplicates sent and acknowledged").isPositive();

        try (Connection connection = database.connect()) {
            assertThat(storedIds(connection, validTimes.keySet()))
                    .as("every acknowledged valid id is in user_events").isEqualTo(validTimes.keySet());
            assertThat(rowsFor(connection, validTimes.keySet())).as("and once").isEqualTo(validTimes.size());
            assertThat(storedIds(connection, invalidReasons.keySet())).as("no invalid event is stored").isEmpty();
        }
        Map<String, String> quarantined = new HashMap<>();
        QuarantineIds.readAll(data.resolve("error")).forEach(record -> quarantined.put(record.eventId(), record.reason()));
        for (Map.Entry<String, String> invalid : invalidReasons.entrySet()) {
            assertThat(quarantined.get(invalid.getKey())).as("quarantine reason of %s", invalid.getKey())
                    .isEqualTo(invalid.getValue());
        }

        assertThat(Long.parseLong(summary.group(2))).as("acked").isEqualTo(acked.lines());
        assertThat(Long.parseLong(summary.group(1))).as("sent").isGreaterThanOrEqualTo(acked.lines());
        assertThat(Long.parseLong(summary.group(3))).as("in_postgres").isEqualTo(validTimes.size());
        assertThat(Long.parseLong(summary.group(4))).as("quarantined").isEqualTo(invalidReasons.size());
        assertThat(Long.parseLong(summary.group(5))).as("duplicates_dropped").isEqualTo(duplicates);
        assertThat(Long.parseLong(summary.group(6))).as("lost").isZero();
        assertThat(noServiceLeftRunning(data.resolve("run/pids"))).as("every service stopped").isTrue();
    }

    private static Set<String> storedIds(Connection connection, Set<String> ids) throws SQLException {
        Set<String> stored = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT event_id FROM user_events WHERE event_id = ANY (?)")) {
            select.setArray(1, array(connection, ids));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
        }
        return stored;
    }

    private static long rowsFor(Connection connection, Set<String> ids) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM user_events WHERE event_id = ANY (?)")) {
            select.setArray(1, array(connection, ids));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Array array(Connection connection, Set<String> ids) throws SQLException {
        return connection.createArrayOf("varchar", ids.toArray());
    }

    private static boolean noServiceLeftRunning(Path pids) throws IOException {
        if (!Files.exists(pids)) {
            return true;
        }
        return Files.readAllLines(pids).stream()
                .map(line -> Long.parseLong(line.split(" ")[0]))
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
