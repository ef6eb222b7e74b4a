package dev.pipeline.collector;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.csv.EventCsv;
import dev.pipeline.model.json.EventJson;
import dev.pipeline.model.validation.EventRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.stream.Stream;

/** Reads what the collector published, the way a downstream consumer would: only complete files in raw/ and error/. */
public record DataFolder(Path root) {

    /** Every event in raw/, in file order; each file must start with the header. */
    public List<UserEvent> rawEvents() {
        List<UserEvent> events = new ArrayList<>();
        for (Path file : files("raw")) {
            List<String> lines = lines(file);
            if (lines.isEmpty() || !EventCsv.isHeader(lines.get(0))) {
                throw new AssertionError(file + " does not start with the CSV header");
            }
            for (String line : lines.subList(1, lines.size())) {
                try {
                    events.add(EventCsv.parse(line));
                } catch (EventRejectedException e) {
                    throw new AssertionError(file + " holds a row the stream would refuse: " + line + " (" + e.getMessage() + ")");
                }
            }
        }
        return events;
    }

    public List<UserEvent> rawEvents(Collection<String> ids) {
        Set<String> wanted = new HashSet<>(ids);
        return rawEvents().stream().filter(e -> wanted.contains(e.eventId())).toList();
    }

    /** Every quarantine record in error/. */
    public List<JsonNode> quarantine() {
        List<JsonNode> records = new ArrayList<>();
        for (Path file : files("error")) {
            for (String line : lines(file)) {
                try {
                    records.add(EventJson.MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError(file + " holds a line that is not JSON: " + line);
                }
            }
        }
        return records;
    }

    /** Waits until every id is in raw/ (files are published on the roll interval), then returns their events. */
    public List<UserEvent> awaitRaw(Collection<String> ids) {
        await().atMost(Duration.ofSeconds(20)).until(() -> rawEvents(ids).size() >= ids.size());
        return rawEvents(ids);
    }

    public List<JsonNode> awaitQuarantined(String rawFragment, int count) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> quarantined(rawFragment).size() >= count);
        return quarantined(rawFragment);
    }

    public List<JsonNode> quarantined(String rawFragment) {
        return quarantine().stream().filter(r -> r.path("raw").asText().contains(rawFragment)).toList();
    }

    public List<Path> files(String folder) {
        try (Stream<Path> files = Files.list(root.resolve(folder))) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
