package dev.pipeline.harness.reconcile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a generator was told was recorded, from its acknowledged-ids files
 * ({@code GENERATOR_ACKED_IDS_FILE}): a valid event's id alone on a line (once per acknowledgement, so
 * a duplicate repeats it), an invalid one's id, a tab and the reason code it was made to break.
 *
 * @param valid each acknowledged valid id with how often it was acknowledged
 * @param invalid each acknowledged invalid id with the reason the quarantine must give
 * @param lines every acknowledgement, valid and invalid
 */
public record AckedIds(Map<String, Integer> valid, Map<String, String> invalid, long lines) {

    public static AckedIds read(List<Path> files) {
        Map<String, Integer> valid = new HashMap<>();
        Map<String, String> invalid = new HashMap<>();
        long lines = 0;
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    lines++;
                    int tab = line.indexOf('\t');
                    if (tab < 0) {
                        valid.merge(line, 1, Integer::sum);
                    } else {
                        invalid.put(line.substring(0, tab), line.substring(tab + 1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file, e);
            }
        }
        return new AckedIds(valid, invalid, lines);
    }

    /** Acknowledgements of an id acknowledged before. */
    public long duplicates() {
        return valid.values().stream().mapToLong(times -> times - 1).sum();
    }
}
