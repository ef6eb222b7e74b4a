package dev.pipeline.bench.scenario.generators;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.model.csv.EventCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The event ids of every raw CSV file a collector wrote, read after it stopped: rows, distinct ids,
 * files whose first line is not the header, work files left unpublished. A raw file is the header,
 * then one event a line; the event id is the first column and never quoted (its characters,
 * {@code A-Z a-z 0-9 . _ : -}, need no quoting), so it is the text before the first comma.
 *
 * @param files raw {@code .csv} files
 * @param filesBadHeader of them, those whose first line is not the header (an empty file has none)
 * @param rows lines after the header, over all files
 * @param distinctIds different event ids among the rows
 * @param idsSeenMoreThanOnce ids that occur in more than one row
 * @param workFilesLeft {@code .part} files still in the collector's work folder
 * @param rawMb the raw files' size, whole MB rounded up (as {@code du -sm})
 */
record RawIdsCheck(long files, long filesBadHeader, long rows, long distinctIds, long idsSeenMoreThanOnce, long workFilesLeft,
        long rawMb) {

    private static final String HEADER = EventCsv.HEADER.strip();

    /**
     * Reads every CSV file in the data folder's {@code raw} folder, and counts the {@code .part} files
     * left in its {@code work} folder.
     */
    static RawIdsCheck of(Path data) throws IOException {
        List<Path> raw = files(data.resolve("raw"), ".csv");
        DistinctIds ids = new DistinctIds();
        long bad = 0;
        long bytes = 0;
        for (Path file : raw) {
            if (!readIds(file, ids::add)) {
                bad++;
            }
            bytes += Files.size(file);
        }
        if (ids.needsSecondPass()) {
            for (Path file : raw) {
                readIds(file, ids::recount);
            }
        }
        return new RawIdsCheck(raw.size(), bad, ids.rows(), ids.distinct(), ids.seenMoreThanOnce(),
                files(data.resolve("work"), ".part").size(), (bytes + (1 << 20) - 1) >> 20);
    }

    /** The ids of a file's rows to {@code each}; false when its first line is not the header. */
    static boolean readIds(Path file, Consumer<String> each) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int comma = line.indexOf(',');
                each.accept(comma < 0 ? "" : line.substring(0, comma));
            }
            return HEADER.equals(first);
        }
    }

    /** The {@code ids} part of a generators results file, {@code collector_accepted} (null when unknown) among it. */
    ObjectNode toJson(Long collectorAccepted) {
        ObjectNode json = BenchRun.JSON.createObjectNode();
        json.put("files", files);
        json.put("files_bad_header", filesBadHeader);
        json.put("rows", rows);
        json.put("distinct_ids", distinctIds);
        json.put("duplicate_ids", rows - distinctIds);
        json.put("ids_seen_more_than_once", idsSeenMoreThanOnce);
        if (collectorAccepted == null) {
            json.putNull("collector_accepted");
        } else {
            json.put("collector_accepted", collectorAccepted);
        }
        json.put("work_files_left", workFilesLeft);
        json.put("raw_mb", rawMb);
        return json;
    }

    /** True when the files add up: no id twice, every header right, nothing unpublished, rows = what the collector accepted. */
    boolean addsUp(Long collectorAccepted) {
        return rows == distinctIds && filesBadHeader == 0 && workFilesLeft == 0
                && (collectorAccepted == null || rows == collectorAccepted);
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            return tree.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f)).sorted().toList();
        }
    }
}
