package dev.pipeline.bench.charts;

import static dev.pipeline.bench.charts.ResultsFiles.number;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.charts.ChartStyle.Caption;
import dev.pipeline.bench.charts.ChartStyle.Goal;
import dev.pipeline.bench.charts.ResultsFiles.Results;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code bench/run soak}: the pipeline read every few seconds for an hour ({@code soak.samples}), as three
 * charts over time: disk by folder and the table ({@code soak-disk.png}), each service's RSS and heap after
 * GC ({@code soak-memory.png}), the lag and the end-to-end p99 ({@code soak-lag.png}).
 */
final class SoakCharts {

    private SoakCharts() {}

    /** The samples' times in minutes and the figures of one field, null where a sample lacks it. */
    private record Samples(List<Double> minutes, List<JsonNode> samples) {

        List<Double> of(String field, double divisor) {
            List<Double> values = new ArrayList<>();
            for (JsonNode sample : samples) {
                OptionalDouble value = number(sample.path(field));
                values.add(value.isPresent() ? value.getAsDouble() / divisor : null);
            }
            return values;
        }

        double max(String field) {
            return samples.stream().mapToDouble(s -> number(s.path(field)).orElse(0)).max().orElse(0);
        }
    }

    static List<Path> render(Results results, Path out) throws IOException {
        JsonNode soak = results.json().path("soak");
        List<Double> minutes = new ArrayList<>();
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode sample : soak.path("samples")) {
            OptionalDouble t = number(sample.path("t_s"));
            if (t.isPresent()) {
                minutes.add(t.getAsDouble() / 60);
                kept.add(sample);
            }
        }
        if (kept.isEmpty()) {
            Charts.skip("soak-*.png: soak.samples of " + results.file().getFileName() + " is empty");
            return List.of();
        }
        Samples samples = new Samples(minutes, kept);
        return Charts.paths(disk(results, soak, samples, out), memory(results, soak, samples, out),
                lag(results, soak, samples, out));
    }

    private static Optional<Path> disk(Results results, JsonNode soak, Samples samples, Path out) throws IOException {
        double largest = 0;
        for (String field : List.of("raw_bytes", "processed_bytes", "error_bytes", "table_bytes")) {
            largest = Math.max(largest, samples.max(field));
        }
        boolean gb = largest >= 2e9;
        double unit = gb ? 1e9 : 1e6;
        String unitName = gb ? "GB" : "MB";
        XYChart chart = ChartStyle.xy(title("Disk", soak), "time (min)", unitName + " (10^" + (gb ? 9 : 6) + " bytes)");
        line(chart, samples, "raw/", samples.of("raw_bytes", unit), ChartStyle.BLUE, false);
        line(chart, samples, "processed/", samples.of("processed_bytes", unit), ChartStyle.ORANGE, false);
        line(chart, samples, "error/", samples.of("error_bytes", unit), ChartStyle.PINK, false);
        line(chart, samples, "user_events (PostgreSQL)", samples.of("table_bytes", unit), ChartStyle.GREEN, false);
        XYSeries checkpoints = line(chart, samples, "checkpoints/ (MB, right axis)", samples.of("checkpoints_bytes", 1e6),
                ChartStyle.VERMILLION, true);
        checkpoints.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "checkpoints/ (MB)");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(0, 0.0).setYAxisMin(1, 0.0).setXAxisMin(0.0);
        JsonNode processed = soak.path("processed");
        List<Goal> goals = new ArrayList<>();
        OptionalDouble bound = number(processed.path("bound_bytes"));
        if (bound.isPresent()) {
            goals.add(new Goal("processed/ bound: 1.5 × its size after one retention period", bound.getAsDouble() / unit));
        }
        ChartStyle.goals(chart, largest / unit, goals);
        // The goal line's top is the left axis'; the right one has its own scale.
        double checkpointsMax = samples.max("checkpoints_bytes") / 1e6;
        if (checkpointsMax > 0) {
            chart.getStyler().setYAxisMax(1, checkpointsMax * 1.1);
        }
        OptionalDouble retention = number(soak.path("processed_retention_s"));
        String note = "Apparent sizes of the data folder's parts and pg_total_relation_size('user_events') (soak.samples); "
                + (retention.isPresent()
                        ? String.format(Locale.ROOT, "processed/ retention %s min: %s.", minutes(retention.getAsDouble()),
                                verdict(processed.path("bounded"), "bounded", "NOT bounded"))
                        : "no processed/ retention set.")
                + " Checkpoints " + verdict(soak.path("verdicts").path("checkpoints_flat"), "flat", "NOT flat") + ".";
        return Optional.of(ChartStyle.save(out.resolve("soak-disk.png"), new Caption(results, note, goals), chart));
    }

    private static Optional<Path> memory(Results results, JsonNode soak, Samples samples, Path out) throws IOException {
        XYChart chart = ChartStyle.xy(title("Memory", soak), "time (min)", "MiB");
        line(chart, samples, "collector RSS", samples.of("collector_rss_mb", 1), ChartStyle.BLUE, false);
        line(chart, samples, "collector heap after GC", samples.of("collector_heap_after_gc_mb", 1), ChartStyle.BLUE, true);
        line(chart, samples, "stream RSS", samples.of("stream_rss_mb", 1), ChartStyle.ORANGE, false);
        line(chart, samples, "stream heap after GC", samples.of("stream_heap_after_gc_mb", 1), ChartStyle.ORANGE, true);
        chart.getStyler().setYAxisMin(0.0).setXAxisMin(0.0);
        double max = Math.max(samples.max("collector_rss_mb"), samples.max("stream_rss_mb"));
        ChartStyle.top(chart, max);
        JsonNode heapMax = soak.path("heap_max_mb");
        String note = "VmRSS, and the heap after the last GC from /q/metrics (old generation after it + survivors; it climbs"
                + " between concurrent cycles). RSS " + verdict(soak.path("verdicts").path("rss_flat"), "flat", "NOT flat")
                + " over the last two thirds; heap max " + heapMax.path("collector").asText("?") + " / "
                + heapMax.path("stream").asText("?") + " MiB (collector / stream).";
        return Optional.of(ChartStyle.save(out.resolve("soak-memory.png"), new Caption(results, note), chart));
    }

    private static Optional<Path> lag(Results results, JsonNode soak, Samples samples, Path out) throws IOException {
        XYChart chart = ChartStyle.xy(title("Lag", soak), "time (min)", "seconds");
        line(chart, samples, "oldest pending file's age", samples.of("oldest_pending_age_ms", 1000), ChartStyle.BLUE, false);
        line(chart, samples, "end-to-end p99 (/lag)", samples.of("e2e_p99_ms", 1000), ChartStyle.ORANGE, false);
        XYSeries pending = line(chart, samples, "pending files (right axis)", samples.of("pending_files", 1), ChartStyle.GREEN,
                true);
        pending.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "pending files");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(0, 0.0).setYAxisMin(1, 0.0).setXAxisMin(0.0);
        String note = "The stream service's GET /lag at each sample: e2e_latency_ms.p99 covers the rows committed in its recent"
                + " window. Lag " + verdict(soak.path("verdicts").path("lag_flat"), "flat", "NOT flat") + "; lost "
                + soak.path("lost").asText("?") + ".";
        return Optional.of(ChartStyle.save(out.resolve("soak-lag.png"), new Caption(results, note), chart));
    }

    private static XYSeries line(XYChart chart, Samples samples, String name, List<Double> values, Color color, boolean dotted) {
        XYSeries series = chart.addSeries(name, samples.minutes(), values);
        series.setMarker(samples.minutes().size() <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        series.setMarkerColor(color);
        series.setLineColor(color);
        if (dotted) {
            series.setLineStyle(ChartStyle.DOTTED);
        }
        return series;
    }

    /** "Disk while holding 20,000 events/s for 60 min". */
    private static String title(String what, JsonNode soak) {
        OptionalDouble rate = number(soak.path("rate"));
        OptionalDouble duration = number(soak.path("duration_s"));
        return what + " while holding " + (rate.isPresent() ? ChartStyle.thousands(rate.getAsDouble()) + " events/s" : "one rate")
                + (duration.isPresent() ? " for " + minutes(duration.getAsDouble()) + " min" : "");
    }

    private static String minutes(double seconds) {
        return String.format(Locale.ROOT, seconds % 60 == 0 ? "%.0f" : "%.1f", seconds / 60);
    }

    private static String verdict(JsonNode value, String yes, String no) {
        return value.isBoolean() ? (value.asBoolean() ? yes : no) : "not judged";
    }
}
