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
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The collector scenario: acknowledged events/s and request latency at each connection count, fsync on and
 * off. Connection counts are categories (1, 8, 32, 128 are evenly spaced that way, as on a log axis).
 */
final class CollectorCharts {

    private static final Goal GOAL = new Goal("goal ≥ 150,000 events/s, durable (fsync on)", 150_000);

    private CollectorCharts() {}

    static List<Path> render(Results results, Path out) throws IOException {
        // fsync mode → connections → run; a point measured twice keeps the later run.
        Map<Boolean, Map<Integer, JsonNode>> runs = new TreeMap<>((a, b) -> Boolean.compare(b, a));
        for (JsonNode run : results.json().path("runs")) {
            OptionalDouble connections = number(run.path("connections"));
            if (connections.isPresent() && run.path("fsync").isBoolean()) {
                runs.computeIfAbsent(run.path("fsync").asBoolean(), k -> new TreeMap<>())
                        .put((int) connections.getAsDouble(), run);
            }
        }
        if (runs.isEmpty()) {
            Charts.skip(results.file().getFileName() + " has no runs[] with fsync and connections");
            return List.of();
        }
        List<Integer> connections = new ArrayList<>(new TreeSet<>(runs.values().stream()
                .flatMap(m -> m.keySet().stream()).toList()));
        List<String> categories = connections.stream().map(String::valueOf).toList();
        JsonNode settings = results.json().path("settings");
        String note = "Events acknowledged with 202 per second; " + settings.path("batch").asText("?")
                + " events a request, " + settings.path("duration_s").asText("?") + " s measured after "
                + settings.path("warmup_s").asText("?") + " s warm-up; the load client shares the machine."
                + (settings.path("java_opts").asText("").isBlank() ? ""
                        : " Collector JVM options: " + settings.path("java_opts").asText() + ".");

        CategoryChart throughput = ChartStyle.bars("Collector throughput against connections", "connections",
                "acknowledged events/s");
        double max = 0;
        for (Map.Entry<Boolean, Map<Integer, JsonNode>> mode : runs.entrySet()) {
            List<Double> values = values(connections, mode.getValue(), r -> r.path("client").path("events_per_sec"));
            CategorySeries series = throughput.addSeries(fsync(mode.getKey()), categories, values);
            series.setFillColor(color(mode.getKey()));
            max = Math.max(max, values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0));
        }
        throughput.getStyler().setYAxisDecimalPattern("#,##0").setYAxisMin(0.0);
        throughput.getStyler().setDecimalPattern("#,##0");
        ChartStyle.goals(throughput, max, List.of(GOAL));
        Path first = ChartStyle.save(out.resolve("collector-throughput-vs-connections.png"),
                new Caption(results, note, GOAL), throughput);

        CategoryChart latency = ChartStyle.bars("Collector request latency against connections", "connections",
                "time to 202 per request (ms, log scale)");
        latency.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        latency.getStyler().setLabelsVisible(false).setYAxisLogarithmic(true).setYAxisDecimalPattern("#,##0.#");
        latency.getStyler().setPlotGridVerticalLinesVisible(true);
        // Lines share the category's centre; not overlapped, each series would get a slot of its own as bars do.
        latency.getStyler().setOverlapped(true);
        double low = Double.MAX_VALUE;
        double high = 0;
        for (Map.Entry<Boolean, Map<Integer, JsonNode>> mode : runs.entrySet()) {
            for (String percentile : List.of("p50", "p99")) {
                List<Double> values = values(connections, mode.getValue(),
                        r -> r.path("client").path("latency_ms").path(percentile));
                for (Double value : values) {
                    if (value != null && value > 0) {
                        low = Math.min(low, value);
                        high = Math.max(high, value);
                    }
                }
                CategorySeries series = latency.addSeries(percentile + ", " + fsync(mode.getKey()), categories, values);
                series.setMarker(percentile.equals("p50") ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
                series.setLineColor(color(mode.getKey()));
                series.setMarkerColor(color(mode.getKey()));
                if (percentile.equals("p99")) {
                    series.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_ROUND,
                            java.awt.BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 5f}, 0f));
                }
            }
        }
        if (high > 0) {
            // Whole decades, so that every decade is labelled (1, 10, 100, 1,000 ms).
            latency.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(low))))
                    .setYAxisMax(Math.pow(10, Math.ceil(Math.log10(high))));
        }
        Path second = ChartStyle.save(out.resolve("collector-latency-vs-connections.png"),
                new Caption(results, "A request of " + settings.path("batch").asText("?")
                        + " events, from sending it to its 202 (with fsync on, after the group commit's flush)."),
                latency);
        return List.of(first, second);
    }

    /** The figure at each connection count, null (a gap) where the run or the figure is missing. */
    private static List<Double> values(List<Integer> connections, Map<Integer, JsonNode> runs,
            Function<JsonNode, JsonNode> figure) {
        List<Double> values = new ArrayList<>();
        for (int c : connections) {
            JsonNode run = runs.get(c);
            OptionalDouble value = run == null ? OptionalDouble.empty() : number(figure.apply(run));
            values.add(value.isPresent() ? value.getAsDouble() : null);
        }
        return values;
    }

    private static String fsync(boolean on) {
        return on ? "fsync on" : "fsync off";
    }

    private static Color color(boolean fsync) {
        return fsync ? ChartStyle.BLUE : ChartStyle.ORANGE;
    }
}
