package dev.pipeline.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.model.csv.EventCsv;
import dev.pipeline.model.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/** The service's data folder as the tests see it: publish files into {@code raw/}, read {@code error/}. */
public final class RawFolder {

    private RawFolder() {
    }

    public static Path dataDir() {
        return Path.of(ConfigProvider.getConfig().getValue("pipeline.data-dir", String.class));
    }

    /** A prefix no other test (or earlier run against the same database) uses. */
    public static String uniquePrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    /** A valid contract row. */
    public static String row(String eventId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return eventId + ",u-1,view,p-1,9.99," + now.minusSeconds(5) + "," + now + "\n";
    }

    public static String rows(String prefix, int from, int count) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            rows.append(row(prefix + i));
        }
        return rows.toString();
    }

    /** Publishes a file the way the collector does: written elsewhere, renamed in. */
    public static String publish(String name, byte[] content) {
        try {
            Path staging = Files.createDirectories(dataDir().resolve("test-staging"));
            Path written = Files.write(staging.resolve(name), content);
            Files.move(written, dataDir().resolve("raw").resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String publishCsv(String name, String rowsWithoutHeader) {
        return publish(name, (EventCsv.HEADER + rowsWithoutHeader).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Every quarantine record the stream service wrote for the named input file, in line order. */
    public static List<JsonNode> quarantined(String inputFile) {
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDir().resolve("error"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("stream-")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode record = EventJson.MAPPER.readTree(line);
                    if (record.get("file").asText().equals(inputFile)) {
                        records.add(record);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }
}
