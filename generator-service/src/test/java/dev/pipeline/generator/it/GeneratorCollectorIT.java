package dev.pipeline.generator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.csv.EventCsv;
import dev.pipeline.model.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged generator against the packaged collector, both started as users start them: the
 * generator comes up first and waits for the collector, then sends a fixed number of events with
 * invalid ones and duplicates mixed in. Every acknowledged event must be in {@code raw/} (as often
 * as it was acknowledged, and nothing else is), and the quarantine must hold exactly the invalid
 * events, reason by reason.
 */
class GeneratorCollectorIT {

    private static final Path GENERATOR_JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Path COLLECTOR_JAR = Path.of("../collector-service/target/quarkus-app/quarkus-run.jar");
    private static final int EVENTS = 20_000;
    private static final int BATCH = 250;
    private static final int IN_FLIGHT = 4;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroy);
    }

    @Test
    void everyAcknowledgedEventLandsInRawAndEveryInvalidOneInQuarantine() throws Exception {
        assertThat(COLLECTOR_JAR).as("packaged collector (the reactor builds collector-service first)").exists();
        assertThat(GENERATOR_JAR).as("packaged generator (run through mvn verify)").exists();
        Path data = tmp.resolve("data");
        Path ackedIds = tmp.resolve("acked-ids.txt");
        int collectorPort = freePort();
        int generatorPort = freePort();

        start("generator", GENERATOR_JAR, Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(generatorPort),
                "GENERATOR_COLLECTOR_URL", "http://127.0.0.1:" + collectorPort,
                "GENERATOR_RATE", "5000",
                "GENERATOR_BATCH_SIZE", Integer.toString(BATCH),
                "GENERATOR_MAX_IN_FLIGHT", Integer.toString(IN_FLIGHT),
                "GENERATOR_MAX_EVENTS", Integer.toString(EVENTS),
                "GENERATOR_INVALID_RATIO", "0.05",
                "GENERATOR_DUPLICATE_RATIO", "0.02",
                "GENERATOR_RETRY_MAX_BACKOFF", "1s",
                "GENERATOR_ACKED_IDS_FILE", ackedIds.toString()));
        String generator = "http://127.0.0.1:" + generatorPort;
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> stats(generator).path("retries").asLong() > 0
                && stats(generator).path("sent").asLong() == IN_FLIGHT * BATCH);
        await("generation waits while every batch in flight waits for the collector")
                .during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> stats(generator).path("sent").asLong() == IN_FLIGHT * BATCH);
        assertThat(status(generator + "/q/health/ready")).as("not ready while the collector is down").isEqualTo(503);

        start("collector", COLLECTOR_JAR, Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(collectorPort),
                "PIPELINE_DATA_DIR", data.toString(),
                "COLLECTOR_ROLL_INTERVAL", "200ms"));
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            JsonNode stats = stats(generator);
            return "finished".equals(stats.path("state").asText()) && stats.path("pending").asLong() == 0;
        });
        JsonNode stats = stats(generator);
        assertThat(status(generator + "/q/health/ready")).isEqualTo(200);
        assertThat(stats.path("sent").asLong()).isEqualTo(EVENTS);
        assertThat(stats.path("failed").asLong()).isZero();
        assertThat(stats.path("acked").asLong() + stats.path("rejected").asLong()).isEqualTo(EVENTS);
        assertThat(stats.path("duplicates_sent").asLong()).isPositive();

        List<String> lines = Files.readAllLines(ackedIds, StandardCharsets.UTF_8);
        // Valid events: the id alone; invalid ones: the id, a tab and the reason the quarantine must give.
        List<String> acknowledged = lines.stream().filter(line -> !line.contains("\t")).toList();
        Map<String, String> invalidIds = lines.stream().filter(line -> line.contains("\t"))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('\t')),
                        line -> line.substring(line.indexOf('\t') + 1)));
        assertThat(acknowledged).hasSize(stats.path("acked").asInt());
        await().atMost(Duration.ofSeconds(20)).until(() -> rawEvents(data).size() >= acknowledged.size());
        assertThat(countEach(rawEvents(data).stream().map(UserEvent::eventId).toList()))
                .as("raw/ holds each acknowledged id as often as it was acknowledged, and nothing else")
                .isEqualTo(countEach(acknowledged));

        Map<String, Long> quarantinedByReason = countEach(quarantine(data).stream()
                .map(record -> record.path("reason_code").asText()).toList());
        Map<String, Long> invalidByReason = new TreeMap<>();
        stats.path("invalid_by_reason").fields().forEachRemaining(e -> invalidByReason.put(e.getKey(), e.getValue().asLong()));
        assertThat(quarantinedByReason).isEqualTo(invalidByReason);
        Map<String, String> quarantinedIds = new HashMap<>();
        for (JsonNode record : quarantine(data)) {
            quarantinedIds.put(EventJson.MAPPER.readTree(record.path("raw").asText()).path("event_id").asText(),
                    record.path("reason_code").asText());
        }
        assertThat(quarantinedIds).as("each invalid event quarantined under its id, for the reason it was built to break")
                .isEqualTo(invalidIds);
        assertThat(invalidByReason.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(stats.path("rejected").asLong());
    }

    private void start(String name, Path jar, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        builder.environment().putAll(environment);
        processes.add(builder.start());
    }

    private JsonNode stats(String generator) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(generator + "/stats")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return EventJson.MAPPER.readTree(response.body());
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Every row of every published CSV file; each must be a valid event. */
    private static List<UserEvent> rawEvents(Path data) throws Exception {
        List<UserEvent> events = new ArrayList<>();
        for (Path file : files(data.resolve("raw"))) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertThat(EventCsv.isHeader(lines.get(0))).as(file.toString()).isTrue();
            for (String line : lines.subList(1, lines.size())) {
                events.add(EventCsv.parse(line));
            }
        }
        return events;
    }

    private static List<JsonNode> quarantine(Path data) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (Path file : files(data.resolve("error"))) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                records.add(EventJson.MAPPER.readTree(line));
            }
        }
        return records;
    }

    private static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Long> countEach(List<String> values) {
        return values.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
