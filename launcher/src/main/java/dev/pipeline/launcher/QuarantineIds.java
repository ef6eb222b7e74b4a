package dev.pipeline.launcher;

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
import java.util.stream.Stream;

/**
 * Reads the event ids out of the quarantine, {@code data/error/*.ndjson}: each record's {@code raw} is
 * the event as it came, a JSON object (collector) or a CSV line (stream). Files there are published
 * complete and never change, so each is read once however often a drain asks.
 */
final class QuarantineIds {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .readerForListOf(String.class);

    private final Path errorDir;
    private final Set<Path> read = new HashSet<>();

    QuarantineIds(Path errorDir) {
        this.errorDir = errorDir;
    }

    /** Gives {@code (event_id, reason_code)} of every record in files not read before; records without an id are skipped. */
    void readNew(BiConsumer<String, String> record) {
        if (!Files.isDirectory(errorDir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(errorDir)) {
            listing.filter(file -> file.getFileName().toString().endsWith(".ndjson"))
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .filter(file -> !read.contains(file))
                    .sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + errorDir, e);
        }
        for (Path file : files) {
            readFile(file, record);
            read.add(file);
        }
    }

    private static void readFile(Path file, BiConsumer<String, String> record) {
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
                String id = eventId(node.path("raw").asText(""));
                if (id != null) {
                    record.accept(id, node.path("reason_code").asText(""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the quarantine file " + file, e);
        }
    }

    static String eventId(String raw) {
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
