package dev.pipeline.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.launcher.FreePort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private EmbeddedPostgres ownPostgres;
    private Process launcher;

    @AfterEach
    void stop() throws IOException {
        if (launcher != null) {
            launcher.destroyForcibly();
        }
        if (ownPostgres != null) {
            ownPostgres.close();
        }
    }

    @Test
    void everyAcknowledgedEventIsInPostgresOnceOrQuarantinedWithItsReason() throws Exception {
        for (String module : List.of("collector-service", "stream-service", "generator-service")) {
            assertThat(HOME.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"))
                    .as("packaged %s (the reactor packages it before the launcher)", module).exists();
        }
        Database database = database();
        Path data = tmp.resolve("data");
        Path output = tmp.resolve("run.out");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target/launcher.jar").toString(),
                "--home", HOME.toString(), "--data-dir", data.toString(),
                "--duration", "20", "--rate", "300", "--generators", "2", "--batch-size", "25",
                "--invalid-ratio", "0.05", "--duplicate-ratio", "0.05",
                "--collector-port", Integer.toString(FreePort.any()), "--stream-port", Integer.toString(FreePort.any()),
                "--generator-port", Integer.toString(FreePort.any()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("PIPELINE_JDBC_URL", database.url());
        builder.environment().put("PIPELINE_JDBC_USER", database.user());
        builder.environment().put("PIPELINE_JDBC_PASSWORD", database.password() == null ? "" : database.password());
        launcher = builder.start();

        await().atMost(Duration.ofMinutes(5)).until(() -> !launcher.isAlive());
        List<String> printed = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(launcher.exitValue()).as("exit status; it printed:%n%s", String.join("\n", printed)).isZero();
        Matcher summary = SUMMARY.matcher(printed.get(printed.size() - 1));
        assertThat(summary.matches()).as("the last line is the summary: %s", printed.get(printed.size() - 1)).isTrue();

        // What the generators were told was recorded: valid ids (repeated when sent again) and invalid ids with their reason.
        Map<String, Integer> validTimes = new HashMap<>();
        Map<String, String> invalidReasons = new HashMap<>();
        long acknowledged = 0;
        try (Stream<Path> files = Files.list(data.resolve("run"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("acked-ids-")).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    acknowledged++;
                    int tab = line.indexOf('\t');
                    if (tab < 0) {
                        validTimes.merge(line, 1, Integer::sum);
                    } else {
                        invalidReasons.put(line.substring(0, tab), line.substring(tab + 1));
                    }
                }
            }
        }
        assertThat(validTimes).as("valid events acknowledged").hasSizeGreaterThan(2000);
        assertThat(invalidReasons).as("invalid events acknowledged").hasSizeGreaterThan(100);
        long duplicates = validTimes.values().stream().mapToLong(times -> times - 1).sum();
        assertThat(duplicates).as("duplicates sent and acknowledged").isPositive();

        try (Connection connection = database.connect()) {
            assertThat(storedIds(connection, validTimes.keySet()))
                    .as("every acknowledged valid id is in user_events").isEqualTo(validTimes.keySet());
            assertThat(rowsFor(connection, validTimes.keySet())).as("and once").isEqualTo(validTimes.size());
            assertThat(storedIds(connection, invalidReasons.keySet())).as("no invalid event is stored").isEmpty();
        }
        Map<String, String> quarantined = quarantinedReasons(data.resolve("error"));
        for (Map.Entry<String, String> invalid : invalidReasons.entrySet()) {
            assertThat(quarantined.get(invalid.getKey())).as("quarantine reason of %s", invalid.getKey())
                    .isEqualTo(invalid.getValue());
        }

        assertThat(Long.parseLong(summary.group(2))).as("acked").isEqualTo(acknowledged);
        assertThat(Long.parseLong(summary.group(1))).as("sent").isGreaterThanOrEqualTo(acknowledged);
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

    /** event_id → reason code of every quarantine record whose original text is a JSON object. */
    private static Map<String, String> quarantinedReasons(Path errorDir) throws IOException {
        Map<String, String> reasons = new HashMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(errorDir)) {
            listing.filter(f -> f.getFileName().toString().endsWith(".ndjson")).forEach(files::add);
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode record = JSON.readTree(line);
                JsonNode raw = JSON.readTree(record.path("raw").asText());
                reasons.put(raw.path("event_id").asText(), record.path("reason_code").asText());
            }
        }
        return reasons;
    }

    private static boolean noServiceLeftRunning(Path pids) throws IOException {
        if (!Files.exists(pids)) {
            return true;
        }
        return Files.readAllLines(pids).stream()
                .map(line -> Long.parseLong(line.split(" ")[0]))
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    /** The launcher gets an external PostgreSQL, so that this test can read it after the launcher has stopped. */
    private Database database() throws IOException {
        String external = System.getenv("PIPELINE_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            return new Database(external, System.getenv().getOrDefault("PIPELINE_TEST_JDBC_USER", "postgres"),
                    System.getenv("PIPELINE_TEST_JDBC_PASSWORD"));
        }
        ownPostgres = EmbeddedPostgres.builder().setDataDirectory(tmp.resolve("pg")).start();
        return new Database("jdbc:postgresql://localhost:" + ownPostgres.getPort() + "/postgres", "postgres", null);
    }

    private record Database(String url, String user, String password) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }
}
