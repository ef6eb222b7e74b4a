package dev.pipeline.bench.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the newest results file of a scenario and reads it. */
final class ResultsFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{6}Z\\.json");

    /** One results file: its name and its content, read as a tree so unknown fields do no harm. */
    record Results(Path file, JsonNode json) {

        /** Where the figures come from, for the chart's caption: file, date, commit. */
        String source() {
            String commit = json.path("git_commit").asText("?");
            String dirty = json.path("git_dirty").asBoolean(false) ? " (uncommitted changes)" : "";
            String cores = json.path("machine").path("nproc").isNumber()
                    ? ", " + json.path("machine").path("nproc").asInt() + " cores" : "";
            return file.getFileName() + "  ·  " + json.path("date").asText("no date") + "  ·  commit " + commit + dirty
                    + cores;
        }
    }

    private ResultsFiles() {}

    /** A figure of a results file; a missing field, null or text that is no number is empty. */
    static OptionalDouble number(JsonNode node) {
        if (node.isNumber()) {
            return OptionalDouble.of(node.asDouble());
        }
        if (node.isTextual()) {
            try {
                return OptionalDouble.of(Double.parseDouble(node.asText()));
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * The newest {@code <scenario>-<UTC date>.json} in {@code dir}. The names carry the start time as
     * {@code yyyy-MM-ddTHHmmssZ}, which sorts as text, so the newest is the last name: no file has to be
     * read to find it.
     */
    static Optional<Results> newest(Path dir, String scenario) throws IOException {
        List<Path> files = newestFirst(dir, List.of(scenario));
        if (files.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Results(files.get(0), JSON.readTree(files.get(0).toFile())));
    }

    /**
     * The newest results file of any of {@code scenarios} (newest by the date in its name) that has an
     * object {@code field}: a part that moved from one scenario's files to another's (the sustain part
     * of e2e-*.json is now sustain-*.json) is still found in the older files. Files that cannot be read
     * are passed over.
     */
    static Optional<Results> newestWith(Path dir, List<String> scenarios, String field) throws IOException {
        for (Path file : newestFirst(dir, scenarios)) {
            JsonNode json;
            try {
                json = JSON.readTree(file.toFile());
            } catch (IOException e) {
                continue;
            }
            if (json.path(field).isObject()) {
                return Optional.of(new Results(file, json));
            }
        }
        return Optional.empty();
    }

    /** The {@code <scenario>-<UTC date>.json} files of {@code dir}, newest first. */
    private static List<Path> newestFirst(Path dir, List<String> scenarios) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> {
                String name = file.getFileName().toString();
                for (String scenario : scenarios) {
                    if (name.startsWith(scenario + "-") && STAMP.matcher(name.substring(scenario.length() + 1)).matches()) {
                        found.add(file);
                    }
                }
            });
        }
        found.sort(Comparator.comparing(ResultsFiles::stamp).reversed());
        return found;
    }

    /** The {@code yyyy-MM-ddTHHmmssZ} of a results file's name, which sorts as text. */
    private static String stamp(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.length() - "yyyy-MM-ddTHHmmssZ.json".length());
    }
}
