package dev.pipeline.generator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.Repository;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.reconcile.AckedIds;
import dev.pipeline.harness.reconcile.QuarantineIds;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.csv.EventCsv;
import dev.pipeline.model.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    private static final int EVENTS = 20_000;
    private static final int BATCH = 250;
    private static final int IN_FLIGHT = 4;

    @TempDir
    Path tmp;

    private final List<PackagedService> services = new ArrayList<>();

    @AfterEach
    void stopServices() throws InterruptedException {
        for (PackagedService service : services) {
            service.stop();
        }
    }

    @Test
    void everyAcknowledgedEventLandsInRawAndEveryInvalidOneInQuarantine() throws Exception {
        Path home = Repository.root();
        assertThat(ServiceModule.COLLECTOR.jar(home)).as("packaged collector (the reactor builds collector-service first)")
                .exists();
        assertThat(ServiceModule.GENERATOR.jar(home)).as("packaged generator (run through mvn verify)").exists();
        Path data = tmp.resolve("data");
        Path ackedIds = tmp.resolve("acked-ids.txt");
        PackagedService collector = service(ServiceModule.COLLECTOR, Map.of(
                "PIPELINE_DATA_DIR", data.toString(),
                "COLLECTOR_ROLL_INTERVAL", "200ms"));
        // Started first, the generator waits for the collector: not ready, and retrying.
        PackagedService generator = service(ServiceModule.GENERATOR, Map.of(
                "GENERATOR_COLLECTOR_URL", collector.url().toString(),
                "GENERATOR_RATE", "5000",
                "GENERATOR_BATCH_SIZE", Integer.toString(BATCH),
                "GENERATOR_MAX_IN_FLIGHT", Integer.toString(IN_FLIGHT),
                "GENERATOR_MAX_EVENTS", Integer.toString(EVENTS),
                "GENERATOR_INVALID_RATIO", "0.05",
                "GENERATOR_DUPLICATE_RATIO", "0.02",
                "GENERATOR_RETRY_MAX_BACKOFF", "1s",
                "GENERATOR_ACKED_IDS_FILE", ackedIds.toString())).launch();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> generator.stats().path("retries").asLong() > 0
                && generator.stats().path("sent").asLong() == IN_FLIGHT * BATCH);
        await("generation waits while every batch in flight waits for the collector")
                .during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> generator.stats().path("sent").asLong() == IN_FLIGHT * BATCH);
        assertThat(generator.status("/q/health/ready")).as("not ready while the collector is down").isEqualTo(503);

        collector.launch();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            JsonNode stats = generator.stats();
            return "finished".equals(stats.path("state").asText()) && stats.path("pending").asLong() == 0;
        });
        JsonNode stats = generator.stats();
        assertThat(generator.status("/q/health/ready")).isEqualTo(200);
        assertThat(stats.path("sent").asLong()).isEqualTo(EVENTS);
        assertThat(stats.path("failed").asLong()).isZero();
        assertThat(stats.path("acked").asLong() + stats.path("rejected").asLong()).isEqualTo(EVENTS);
        assertThat(stats.path("duplicates_sent").asLong()).isPositive();

        // Valid events: the id alone; invalid ones: the id, a tab and the reason the quarantine must give.
        AckedIds acked = AckedIds.read(List.of(ackedIds));
        Map<String, Long> acknowledged = new TreeMap<>();
        acked.valid().forEach((id, times) -> acknowledged.put(id, (long) times));
        Map<String, String> invalidIds = acked.invalid();
        assertThat(acknowledged.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(stats.path("acked").asLong());
        long acknowledgements = stats.path("acked").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> rawEvents(data).size() >= acknowledgements);
        assertThat(countEach(rawEvents(data).stream().map(UserEvent::eventId).toList()))
                .as("raw/ holds each acknowledged id as often as it was acknowledged, and nothing else")
                .isEqualTo(acknowledged);

        List<QuarantineIds.Record> quarantine = QuarantineIds.readAll(data.resolve("error"));
        Map<String, Long> quarantinedByReason = countEach(quarantine.stream().map(QuarantineIds.Record::reason).toList());
        Map<String, Long> invalidByReason = new TreeMap<>();
        stats.path("invalid_by_reason").fields().forEachRemaining(e -> invalidByReason.put(e.getKey(), e.getValue().asLong()));
        assertThat(quarantinedByReason).isEqualTo(invalidByReason);
        Map<String, String> quarantinedIds = new HashMap<>();
        for (QuarantineIds.Record record : quarantine) {
            quarantinedIds.put(EventJson.MAPPER.readTree(record.raw()).path("event_id").asText(), record.reason());
        }
        assertThat(quarantinedIds).as("each invalid event quarantined under its id, for the reason it was built to break")
                .isEqualTo(invalidIds);
        assertThat(invalidByReason.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(stats.path("rejected").asLong());
    }

    private PackagedService service(ServiceModule module, Map<String, String> environment) {
        PackagedService service = PackagedService.of(module).withJvmOptions("-Xmx256m").withEnv(environment)
                .withLog(tmp.resolve(module.shortName() + ".log"));
        services.add(service);
        return service;
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
}
