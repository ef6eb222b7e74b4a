package dev.pipeline.bench.charts;

import static dev.pipeline.bench.charts.ResultsFiles.number;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.charts.ChartStyle.Caption;
import dev.pipeline.bench.charts.ResultsFiles.Results;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

/**
 * The startup scenario: time from start to ready and resident memory, per service. Newer files have
 * {@code services: {name: {runs: [...]}}}; older ones measured the stream service only, in {@code runs}.
 */
final class StartupCharts {

    private StartupCharts() {}

    static List<Path> render(Results results, Path out) throws IOException {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        JsonNode byName = results.json().path("services");
        if (byName.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = byName.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> service = it.next();
                if (service.getValue().path("runs").isArray()) {
                    services.put(service.getKey(), service.getValue().path("runs"));
                }
            }
        } else if (results.json().path("runs").isArray()) {
            services.put("stream", results.json().path("runs"));
        }
        if (services.isEmpty()) {
            Charts.skip(results.file().getFileName() + " has neither services.<name>.runs nor runs");
            return List.of();
        }
        List<String> names = new ArrayList<>(services.keySet());
        List<Double> ready = new ArrayList<>();
        List<Double> rssReady = new ArrayList<>();
        List<Double> rssIdle = new ArrayList<>();
        int runs = 0;
        for (JsonNode serviceRuns : services.values()) {
            ready.add(median(serviceRuns, "ready_ms", 1000));
            rssReady.add(median(serviceRuns, "rss_ready_mb", 1));
            rssIdle.add(median(serviceRuns, "rss_idle_mb", 1));
            runs = Math.max(runs, serviceRuns.size());
        }

        CategoryChart time = ChartStyle.bars("Start to ready", "service", "seconds");
        time.addSeries("ready", names, ready).setFillColor(ChartStyle.BLUE).setYAxisDecimalPattern("0.0");
        time.getStyler().setLegendVisible(false);
        time.getStyler().setYAxisMin(0.0);
        ChartStyle.top(time, max(ready));

        String idle = results.json().path("settings").path("idle_s").isNumber()
                ? "after " + results.json().path("settings").path("idle_s").asInt() + " s idle" : "idle";
        CategoryChart memory = ChartStyle.bars("Resident memory", "service", "RSS (MB)");
        CategorySeries whenReady = memory.addSeries("when ready", names, rssReady);
        whenReady.setFillColor(ChartStyle.GREEN);
        memory.addSeries(idle, names, rssIdle).setFillColor(ChartStyle.SKY);
        memory.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern("#,##0");
        memory.getStyler().setDecimalPattern("#,##0");
        ChartStyle.top(memory, Math.max(max(rssReady), max(rssIdle)));
        if (names.size() == 1) {
            // One bar (pair) would otherwise take most of the width.
            time.getStyler().setAvailableSpaceFill(0.4);
            memory.getStyler().setAvailableSpaceFill(0.5);
        }

        String note = "Median of " + (runs == 1 ? "1 run" : "up to " + runs + " runs") + " per service;"
                + " ready = GET /q/health/ready answers 200 (runs[].ready_ms, rss_ready_mb, rss_idle_mb).";
        return List.of(ChartStyle.save(out.resolve("startup.png"), new Caption(results, note), time, memory));
    }

    private static double max(List<Double> values) {
        return values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The median of a figure over the runs, divided by {@code divisor}; null (no bar) if no run has it. */
    private static Double median(JsonNode runs, String figure, double divisor) {
        List<Double> values = new ArrayList<>();
        for (JsonNode run : runs) {
            OptionalDouble value = number(run.path(figure));
            value.ifPresent(v -> values.add(v / divisor));
        }
        if (values.isEmpty()) {
            return null;
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
