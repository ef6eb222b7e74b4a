package dev.pipeline.stream.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The quarantine in {@code error/}, the collector's files and the stream's: records (lines of the
 * {@code *.ndjson} files) in all, by reason code, and the latest few. Files appear there complete,
 * by atomic rename, and never grow, so each file is read once, when it first shows up; a refresh
 * lists the folder and reads only the new files. Files retention deleted drop out of the figures.
 *
 * <p>Not thread-safe: the dashboard's single refresher thread owns it.
 */
final class QuarantineTally {

    static final int LATEST = 5;
    /** The most of a record's raw text the page shows; the file keeps all of it. */
    static final int RAW_SHOWN = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DirectoryStream.Filter<Path> PUBLISHED = path -> {
        String name = path.getFileName().toString();
        return name.endsWith(".ndjson") && !name.startsWith(".");
    };

    /** One record as shown: its reason code, the whole reason, its source and (the start of) its raw text. */
    record Record(String code, String reason, String source, String raw) {
    }

    record Figures(long total, Map<String, Long> byReason, List<Record> latest) {
    }

    /** What one file holds; {@code latest} are its last records, oldest first. */
    private record FileTally(long modifiedMillis, String name, long records, Map<String, Long> byReason, List<Record> latest) {
    }

    private final Map<String, FileTally> files = new HashMap<>();

    Figures refresh(Path errorDir) throws IOException {
        Set<String> seen = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(errorDir, PUBLISHED)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                seen.add(name);
                if (!files.containsKey(name)) {
                    FileTally tally = read(entry);
                    if (tally != null) {
                        files.put(name, tally);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // no quarantine yet
        }
        files.keySet().retainAll(seen);
        return figures();
    }

    private Figures figures() {
        long total = 0;
        Map<String, Long> byReason = new TreeMap<>();
        List<FileTally> newest = new ArrayList<>();
        Comparator<FileTally> byAge = Comparator.comparingLong(FileTally::modifiedMillis).thenComparing(FileTally::name);
        for (FileTally file : files.values()) {
            total += file.records();
            file.byReason().forEach((reason, count) -> byReason.merge(reason, count, Long::sum));
            if (!file.latest().isEmpty()) {
                newest.add(file);
                newest.sort(byAge.reversed());
                if (newest.size() > LATEST) {
                    newest.remove(LATEST);
                }
            }
        }
        List<Record> latest = new ArrayList<>();
        for (FileTally file : newest) {
            List<Record> records = file.latest();
            for (int i = records.size() - 1; i >= 0 && latest.size() < LATEST; i--) {
                latest.add(records.get(i));
            }
        }
        return new Figures(total, byReason, latest);
    }

    /** Null when the file went away meanwhile (retention). */
    private static FileTally read(Path file) throws IOException {
        long records = 0;
        Map<String, Long> byReason = new TreeMap<>();
        List<Record> latest = new ArrayList<>();
        long modified;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            modified = Files.getLastModifiedTime(file).toMillis();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                records++;
                Record record = parse(line);
                byReason.merge(record.code(), 1L, Long::sum);
                latest.add(record);
                if (latest.size() > LATEST) {
                    latest.remove(0);
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        return new FileTally(modified, file.getFileName().toString(), records, byReason, latest);
    }

    private static Record parse(String line) {
        try {
            JsonNode record = JSON.readTree(line);
            String reason = record.path("reason").asText("unknown");
            String code = record.hasNonNull("reason_code") ? record.get("reason_code").asText() : code(reason);
            return new Record(code, reason, record.path("source").asText(""), shortened(record.path("raw").asText("")));
        } catch (IOException e) {
            return new Record("unreadable_record", "unreadable_record: not a JSON object", "", shortened(line));
        }
    }

    /** The first {@link #RAW_SHOWN} characters, never half of a surrogate pair. */
    static String shortened(String text) {
        if (text.codePointCount(0, text.length()) <= RAW_SHOWN) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, RAW_SHOWN)) + "…";
    }

    /** The reason's code: a reason reads {@code code: message}. */
    private static String code(String reason) {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }
}
