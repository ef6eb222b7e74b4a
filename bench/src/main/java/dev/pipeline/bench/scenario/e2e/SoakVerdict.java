package dev.pipeline.bench.scenario.e2e;

import static dev.pipeline.bench.scenario.JqFigures.number;
import static dev.pipeline.bench.scenario.JqFigures.round;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.Trend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the pipeline can run for days at a rate, judged from the soak's samples ({@link SoakSampler})
 * the way {@link SustainVerdict} judges the lag: figures over time, each verdict a rule written down
 * in the results ({@code definitions}).
 *
 * <ul>
 *   <li><b>flat</b> (each service's RSS, the oldest pending file's age, {@code checkpoints/}): over the
 *       last two thirds of the run (the first third is warm-up: JIT, heap sizing, caches), the
 *       least-squares line of the figure rises by at most max(floor, fraction × its mean there):
 *       RSS 64 MB or 10 %, lag 2 s or 50 %, checkpoints 256 KiB or 10 %. A sample without the figure
 *       (not readable then) is left out.
 *   <li><b>processed bounded</b>, when a retention R of {@code processed/} is set: the largest
 *       {@code processed_bytes} of the samples from t = R on is at most 1.5 × (R + C) / R × its value
 *       at R (the first sample at or after R: one retention period's worth of archive, before anything
 *       could be due for deletion). C is the Parquet archive's compaction interval: a merged file
 *       keeps its newest input's time, so it holds up to C of rows when it comes due and the archive
 *       holds between R and R + C of them (plus a sweep interval); 0 for the CSV archive, where each
 *       file goes on its own. Null (not judged) without a retention, or when no sample reaches R.
 *   <li><b>lost none</b>: every acknowledged event is in {@code user_events} after the drain.
 *   <li><b>kept rate</b>: the client sent its rate (events acknowledged ≥ 99 % of those due), as sustain.
 * </ul>
 *
 * {@code passed}: every verdict that was judged is true. Times are seconds from the client's start
 * ({@code measured_from_epoch_ms}; the soak has no warm-up).
 */
final class SoakVerdict {

    /** A figure judged for flatness, and its tolerance. */
    record Flat(String field, double floor, double fraction) {
    }

    static final Flat RSS_COLLECTOR = new Flat("collector_rss_mb", 64, 0.10);
    static final Flat RSS_STREAM = new Flat("stream_rss_mb", 64, 0.10);
    static final Flat LAG = new Flat("oldest_pending_age_ms", 2000, 0.50);
    static final Flat CHECKPOINTS = new Flat("checkpoints_bytes", 256 * 1024, 0.10);
    /** Recorded with their slope, not judged: the heap after GC climbs between concurrent cycles, the table and the archive grow by design. */
    static final List<String> RECORDED = List.of("collector_heap_after_gc_mb", "stream_heap_after_gc_mb", "e2e_p99_ms",
            "pending_files", "raw_files", "raw_bytes", "processed_bytes", "error_bytes", "table_bytes");
    static final double PROCESSED_BOUND = 1.5;

    static final Map<String, String> DEFINITIONS = definitions();

    private SoakVerdict() {
    }

    private static Map<String, String> definitions() {
        Map<String, String> definitions = new LinkedHashMap<>();
        definitions.put("flat", "over the last two thirds of the run, least-squares slope x window <= max(floor, fraction x mean):"
                + " RSS 64 MB or 10 %, oldest_pending_age_ms 2000 or 50 %, checkpoints_bytes 256 KiB or 10 %");
        definitions.put("processed_bounded", "with a processed/ retention R and a Parquet compaction interval C"
                + " (0 for csv): max processed_bytes from t = R on <= 1.5 x (R + C) / R x processed_bytes at R;"
                + " null without a retention");
        definitions.put("lost_none", "check.missing_events == 0 after the drain");
        definitions.put("kept_rate", "events_acked >= 99 % of events_due");
        return definitions;
    }

    /**
     * The {@code soak} object of a results file: the setting, the step's figures, the samples (as
     * {@code t_s}), the sample after the drain, the trends and the verdicts.
     *
     * @param step the step of {@link RateStep}
     * @param samples the readings of {@link SoakSampler}, each with its {@code epoch_ms}
     * @param afterDrain one more reading once the stream had drained, or null
     * @param processedRetentionS the retention of {@code processed/} in seconds, null when not set (or 0: kept for ever)
     */
    static ObjectNode of(JsonNode step, List<ObjectNode> samples, ObjectNode afterDrain, double durationS, double everyS,
            RollTrigger setting, Double processedRetentionS, Double errorRetentionS) {
        return of(step, samples, afterDrain, durationS, everyS, setting, processedRetentionS, errorRetentionS, 0);
    }

    /** As above, for a Parquet archive merged every {@code compactionS} seconds (0: a CSV archive, never merged). */
    static ObjectNode of(JsonNode step, List<ObjectNode> samples, ObjectNode afterDrain, double durationS, double everyS,
            RollTrigger setting, Double processedRetentionS, Double errorRetentionS, double compactionS) {
        JsonNode client = step.path("client");
        long start = client.path("measured_from_epoch_ms").asLong();
        List<ObjectNode> kept = new ArrayList<>();
        for (ObjectNode sample : samples) {
            ObjectNode timed = timed(sample, start);
            double t = timed.path("t_s").asDouble();
            // The first reading is taken as the client starts, before its first request: the empty pipeline.
            if (t >= -everyS && t <= durationS + 1) {
                kept.add(timed);
            }
        }
        double from = round(durationS / 3, 1);

        ObjectNode soak = BenchRun.JSON.createObjectNode();
        soak.put("collector_roll_interval", setting.roll());
        soak.put("stream_trigger_interval", setting.trigger());
        soak.set("duration_s", number(durationS));
        soak.set("every_s", number(everyS));
        soak.set("processed_retention_s", number(processedRetentionS));
        soak.set("error_retention_s", number(errorRetentionS));
        step.fields().forEachRemaining(field -> soak.set(field.getKey(), field.getValue()));
        ArrayNode array = soak.putArray("samples");
        kept.forEach(array::add);
        soak.set("after_drain", afterDrain == null ? null : timed(afterDrain, start));
        soak.set("trend_from_s", number(from));

        ObjectNode trends = soak.putObject("trends");
        Map<String, Boolean> flat = new LinkedHashMap<>();
        for (Flat figure : List.of(RSS_COLLECTOR, RSS_STREAM, LAG, CHECKPOINTS)) {
            ObjectNode trend = trend(kept, figure.field(), from, durationS);
            Double growth = trend.path("growth").isNumber() ? trend.path("growth").asDouble() : null;
            Double mean = trend.path("mean").isNumber() ? trend.path("mean").asDouble() : null;
            double limit = Math.max(figure.floor(), figure.fraction() * (mean == null ? 0 : Math.abs(mean)));
            trend.set("limit", number(round(limit, 1)));
            boolean isFlat = growth != null && growth <= limit;
            trend.put("flat", isFlat);
            trends.set(figure.field(), trend);
            flat.put(figure.field(), isFlat);
        }
        for (String field : RECORDED) {
            trends.set(field, trend(kept, field, from, durationS));
        }

        ObjectNode processed = processed(kept, processedRetentionS, compactionS);
        soak.set("processed", processed);
        long due = client.path("requests_due").asLong() * client.path("batch").asLong();
        boolean keptRate = client.path("events_acked").asDouble() >= 0.99 * due;
        soak.put("events_due", due);
        soak.put("kept_rate", keptRate);
        JsonNode missing = step.path("check").path("missing_events");
        soak.set("lost", missing.isNumber() ? missing : null);

        ObjectNode verdicts = soak.putObject("verdicts");
        verdicts.put("rss_flat", flat.get(RSS_COLLECTOR.field()) && flat.get(RSS_STREAM.field()));
        verdicts.put("lag_flat", flat.get(LAG.field()));
        verdicts.put("checkpoints_flat", flat.get(CHECKPOINTS.field()));
        verdicts.set("processed_bounded", processed.path("bounded"));
        verdicts.put("lost_none", missing.isNumber() && missing.asLong() == 0);
        verdicts.put("kept_rate", keptRate);
        boolean passed = true;
        for (JsonNode verdict : verdicts) {
            passed &= verdict.isNull() || verdict.asBoolean();
        }
        soak.put("passed", passed);
        ObjectNode definitions = soak.putObject("definitions");
        DEFINITIONS.forEach(definitions::put);
        return soak;
    }

    /** A copy of the sample with {@code t_s} (seconds from {@code start}, to 0.1) in place of {@code epoch_ms}. */
    private static ObjectNode timed(ObjectNode sample, long start) {
        ObjectNode timed = BenchRun.JSON.createObjectNode();
        timed.set("t_s", number(round((sample.path("epoch_ms").asLong() - start) / 100.0) / 10));
        sample.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("epoch_ms")) {
                timed.set(field.getKey(), field.getValue());
            }
        });
        return timed;
    }

    /**
     * {@code {from_s, samples, mean, slope_per_min, growth}} of a figure over t >= from: growth = slope ×
     * the window (from → the end of the run) in minutes; nulls when fewer than two samples have it.
     */
    static ObjectNode trend(List<ObjectNode> samples, String field, double from, double durationS) {
        List<Trend.Point> points = new ArrayList<>();
        for (ObjectNode sample : samples) {
            double t = sample.path("t_s").asDouble();
            JsonNode value = sample.path(field);
            if (t >= from && value.isNumber()) {
                points.add(new Trend.Point(t, value.asDouble()));
            }
        }
        Double slope = Trend.slopePerMinute(points);
        Double mean = Trend.mean(points);
        ObjectNode trend = BenchRun.JSON.createObjectNode();
        trend.set("from_s", number(from));
        trend.put("samples", points.size());
        trend.set("mean", mean == null ? null : number(round(mean, 1)));
        trend.set("slope_per_min", slope == null ? null : number(round(slope, 2)));
        trend.set("growth", slope == null ? null : number(round(slope * (durationS - from) / 60, 1)));
        return trend;
    }

    /** {@code processed/} against its retention (see the class comment). */
    static ObjectNode processed(List<ObjectNode> samples, Double retentionS, double compactionS) {
        ObjectNode processed = BenchRun.JSON.createObjectNode();
        processed.set("retention_s", number(retentionS));
        processed.set("compaction_s", number(compactionS));
        if (retentionS == null) {
            processed.putNull("bounded");
            processed.put("why", "no retention set: processed/ keeps every loaded file");
            return processed;
        }
        ObjectNode reference = null;
        ObjectNode largest = null;
        for (ObjectNode sample : samples) {
            if (sample.path("t_s").asDouble() < retentionS || !sample.path("processed_bytes").isNumber()) {
                continue;
            }
            if (reference == null) {
                reference = sample;
            }
            if (largest == null || sample.path("processed_bytes").asLong() > largest.path("processed_bytes").asLong()) {
                largest = sample;
            }
        }
        if (reference == null) {
            processed.putNull("bounded");
            processed.put("why", "no sample at or after one retention period: the run is too short to tell");
            return processed;
        }
        double held = (retentionS + compactionS) / retentionS;
        long bound = Math.round(PROCESSED_BOUND * held * reference.path("processed_bytes").asLong());
        processed.set("reference_t_s", reference.path("t_s"));
        processed.set("reference_bytes", reference.path("processed_bytes"));
        processed.put("bound_bytes", bound);
        processed.set("max_t_s", largest.path("t_s"));
        processed.set("max_bytes", largest.path("processed_bytes"));
        processed.put("bounded", largest.path("processed_bytes").asLong() <= bound);
        return processed;
    }
}
