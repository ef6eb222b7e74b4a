package dev.pipeline.harness.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads the event ids out of the quarantine, {@code data/error/*.ndjson}: each record's {@code raw} is
 * the event as it came, a JSON object (collector) or a CSV line (stream). Files there are published
 * complete and never change, so each is read once however often a drain asks.
 */
public final class QuarantineIds {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .readerForListOf(String.class);

    private final Path errorDir;
    private final Set<Path> read = new HashSet<>();

    public QuarantineIds(Path errorDir) {
        this.errorDir = errorDir;
    }

    /** Gives {@code (event_id, reason_code)} of every record in files not read before; records without an id are skipped. */
    public void readNew(BiConsumer<String, String> record) {
        for (Path file : files(errorDir)) {
            if (read.contains(file)) {
                continue;
            }
            readFile(file, found -> {
                if (found.eventId() != null) {
                    record.accept(found.eventId(), found.reason());
                }
            });
            read.add(file); // only once read whole: a file that failed is read again at the next call
        }
    }

    /** Every record of every quarantine file in {@code errorDir}, in file order. */
    public static List<Record> readAll(Path errorDir) {
        List<Record> records = new ArrayList<>();
        for (Path file : files(errorDir)) {
            readFile(file, records::add);
        }
        return records;
    }

    /**
     * One quarantine record.
     *
     * @param eventId the id found in {@code raw}, null when it has none
     * @param reason its {@code reason_code}
     * @param raw the event as it came: a JSON object (collector) or a CSV line (stream)
     */
    public record Record(String eventId, String reason, String raw) {
    }

    private static List<Path> files(Path errorDir) {
        if (!Files.isDirectory(errorDir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(errorDir)) {
            return listing.filter(file -> file.getFileName().toString().endsWith(".ndjson"))
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + errorDir, e);
        }
    }

    private static void readFile(Path file, Consumer<Record> record) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    continue; // not a record this reader understands; the ids it may hold count as not found
                }
                String raw = node.path("raw").asText("");
                record.accept(new Record(eventId(raw), node.path("reason_code").asText(""), raw));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the quarantine file " + file, e);
        }
    }

    public static String eventId(String raw) {
        String text = raw.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode id = JSON.readTree(text).get("event_id");
                return id == null || id.isContainerNode() ? null : id.asText();
            } catch (IOException e) {
                return null; // not even JSON: it has no id to find
            }
        }
        // A CSV line from raw/, often the wrong number of columns (why it is here): its first field is the id.
        try (MappingIterator<List<String>> rows = CSV.readValues(text)) {
            List<String> fields = rows.hasNextValue() ? rows.nextValue() : List.of();
            return fields.isEmpty() || fields.get(0).isEmpty() ? null : fields.get(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
