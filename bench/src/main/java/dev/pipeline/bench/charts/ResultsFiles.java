package dev.pipeline.bench.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the newest results file of a scenario and reads it. */
final class ResultsFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Pattern name = Pattern.compile(Pattern.quote(scenario) + "-\\d{4}-\\d{2}-\\d{2}T\\d{6}Z\\.json");
        Optional<Path> newest;
        try (Stream<Path> files = Files.list(dir)) {
            newest = files.filter(f -> name.matcher(f.getFileName().toString()).matches())
                    .max(Comparator.comparing(f -> f.getFileName().toString()));
        }
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Results(newest.get(), JSON.readTree(newest.get().toFile())));
    }
}
