package dev.pipeline.bench.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.harness.PackagedService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The micro-batches a stream service logged at DEBUG ({@code QUARKUS_LOG_CATEGORY__DEV_PIPELINE__LEVEL=DEBUG}):
 * our line {@code Batch N: F files, R rows loaded, K new, Q quarantined, in X ms} (written once the
 * batch's last partition has committed) and Spark's progress {@code Batch N took {addBatch=…, …} ms}.
 * One entry per batch, with -1 where a figure was not logged:
 * {@code batch, files, rows, stage_ms, inserted, commit_ms, committed_epoch_ms, trigger_ms,
 * latest_offset_ms, add_batch_ms, wal_commit_ms, commit_offsets_ms, query_planning_ms, get_batch_ms,
 * progress_epoch_ms, load_ms, quarantined}. Log times ({@code HH:mm:ss.SSS}, the service's zone, which
 * is this machine's) become epoch milliseconds of today, or of yesterday when that would be more
 * than an hour ahead.
 */
public final class BatchLog {

    private static final Pattern LOADED = Pattern.compile(
            "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*Batch (\\d+): (\\d+) files, (\\d+) rows loaded, (\\d+) new, (\\d+) quarantined, in (\\d+) ms");
    /** Batch ids of one query stay below this; a key is query × it + id. */
    private static final long QUERY_KEY = 1_000_000_000_000L;
    private static final Pattern PROGRESS = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*Batch (\\d+) took \\{([^}]*)}");

    private BatchLog() {
    }

    /** Has the stream service log its batches at DEBUG: the lines {@link #read} reads. */
    public static PackagedService enableOn(PackagedService stream) {
        return stream.withEnv("QUARKUS_LOG_CATEGORY__DEV_PIPELINE__LEVEL", "DEBUG");
    }

    /** The id of the stream's last batch, from its {@code GET /lag}; -1 before its first or when it does not answer. */
    public static long lastBatchId(PackagedService stream) throws InterruptedException {
        try {
            return JqFigures.or(stream.lag().path("last_batch_id"), JqFigures.number(-1)).asLong();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Every batch of the log, by id. */
    public static ArrayNode read(Path log) throws IOException {
        return read(log, 0, Long.MAX_VALUE);
    }

    /** The batches with ids {@code first..last} of the log, by id. */
    public static ArrayNode read(Path log, long first, long last) throws IOException {
        ArrayNode result = BenchRun.JSON.createArrayNode();
        all(log).forEach((key, batch) -> {
            long id = batch.path("batch").asLong();
            if (id >= first && id <= last) {
                result.add(batch);
            }
        });
        return result;
    }

    /**
     * The batches whose progress line was logged between the two epoch milliseconds, in order: also
     * across a checkpoint rotation, after which a fresh query numbers its batches from 0 again.
     */
    public static ArrayNode readBetween(Path log, long fromEpochMs, long toEpochMs) throws IOException {
        ArrayNode result = BenchRun.JSON.createArrayNode();
        all(log).forEach((key, batch) -> {
            long progress = batch.path("progress_epoch_ms").asLong();
            long at = progress > 0 ? progress : batch.path("committed_epoch_ms").asLong();
            if (at >= fromEpochMs && at <= toEpochMs) {
                result.add(batch);
            }
        });
        return result;
    }

    /** Every batch, by query (each "Streaming … into PostgreSQL" line starts one) and id. */
    private static Map<Long, ObjectNode> all(Path log) throws IOException {
        Map<Long, ObjectNode> batches = new TreeMap<>();
        long now = System.currentTimeMillis();
        long query = 0;
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.contains("into PostgreSQL (") && line.contains(" Streaming ")) {
                    query++;
                    continue;
                }
                long base = query * QUERY_KEY;
                Matcher loaded = LOADED.matcher(line);
                if (loaded.find()) {
                    ObjectNode batch = batches.computeIfAbsent(base + Long.parseLong(loaded.group(2)), BatchLog::empty);
                    batch.put("files", Long.parseLong(loaded.group(3)));
                    batch.put("rows", Long.parseLong(loaded.group(4)));
                    batch.put("inserted", Long.parseLong(loaded.group(5)));
                    batch.put("quarantined", Long.parseLong(loaded.group(6)));
                    batch.put("load_ms", Long.parseLong(loaded.group(7)));
                    batch.put("committed_epoch_ms", epochMs(loaded.group(1), now));
                    continue;
                }
                Matcher progress = PROGRESS.matcher(line);
                if (progress.find() && progress.group(3).contains("addBatch=")) {
                    ObjectNode batch = batches.computeIfAbsent(base + Long.parseLong(progress.group(2)), BatchLog::empty);
                    Map<String, Long> durations = durations(progress.group(3));
                    batch.put("trigger_ms", durations.getOrDefault("triggerExecution", -1L));
                    batch.put("latest_offset_ms", durations.getOrDefault("latestOffset", -1L));
                    batch.put("add_batch_ms", durations.getOrDefault("addBatch", -1L));
                    batch.put("wal_commit_ms", durations.getOrDefault("walCommit", -1L));
                    batch.put("commit_offsets_ms", durations.getOrDefault("commitOffsets", -1L));
                    batch.put("query_planning_ms", durations.getOrDefault("queryPlanning", -1L));
                    batch.put("get_batch_ms", durations.getOrDefault("getBatch", -1L));
                    batch.put("progress_epoch_ms", epochMs(progress.group(1), now));
                }
            }
        }
        return batches;
    }

    private static ObjectNode empty(long key) {
        long id = key % QUERY_KEY;
        ObjectNode batch = BenchRun.JSON.createObjectNode();
        batch.put("batch", id);
        batch.put("files", 0);
        batch.put("rows", 0);
        batch.put("stage_ms", -1);
        batch.put("inserted", 0);
        batch.put("commit_ms", -1);
        batch.put("committed_epoch_ms", -1);
        for (String figure : List.of("trigger_ms", "latest_offset_ms", "add_batch_ms", "wal_commit_ms", "commit_offsets_ms",
                "query_planning_ms", "get_batch_ms", "progress_epoch_ms", "load_ms")) {
            batch.put(figure, -1);
        }
        batch.put("quarantined", 0);
        return batch;
    }

    /** {@code addBatch=12, getBatch=0} → {@code {addBatch=12, getBatch=0}}. */
    private static Map<String, Long> durations(String text) {
        Map<String, Long> durations = new HashMap<>();
        for (String pair : text.split(",")) {
            String[] kv = pair.trim().split("=");
            if (kv.length == 2) {
                try {
                    durations.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
                } catch (NumberFormatException e) {
                    // not a duration this reader needs
                }
            }
        }
        return durations;
    }

    private static long epochMs(String time, long now) {
        try {
            ZoneId zone = ZoneId.systemDefault();
            long ms = LocalDate.now(zone).atTime(LocalTime.parse(time)).atZone(zone).toInstant().toEpochMilli();
            return ms > now + 3_600_000 ? ms - 86_400_000 : ms;
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
