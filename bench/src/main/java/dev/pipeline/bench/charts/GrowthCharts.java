package dev.pipeline.bench.charts;

import static dev.pipeline.bench.charts.ResultsFiles.number;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.charts.ChartStyle.Caption;
import dev.pipeline.bench.charts.ChartStyle.Goal;
import dev.pipeline.bench.charts.ResultsFiles.Results;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

/**
 * The growth scenario: the micro-batch time of the same probe files before and after the stream has read
 * many files. The table-growth scenario: the stream service's load of one batch into an empty and into a preloaded
 * table ({@code table}, in table-*.json; also drawn from a growth file that has it).
 */
final class GrowthCharts {

    private static final List<String> FIGURES = List.of("trigger_ms_p50", "trigger_ms_p90", "trigger_ms_mean");
    private static final List<String> CATEGORIES = List.of("p50", "p90", "mean");

    private GrowthCharts() {}

    static List<Path> render(Results results, Path out) throws IOException {
        if (results.json().path("table").isObject()) {
            return Charts.paths(batchTime(results, out), tableIngest(results, out));
        }
        return Charts.paths(batchTime(results, out));
    }

    /** The charts of a table-*.json. */
    static List<Path> renderTable(Results results, Path out) throws IOException {
        return Charts.paths(tableIngest(results, out));
    }

    private static Optional<Path> batchTime(Results results, Path out) throws IOException {
        JsonNode json = results.json();
        JsonNode before = json.path("before").path("all");
        JsonNode after = json.path("after").path("all");
        if (!before.isObject() || !after.isObject()) {
            Charts.skip(results.file().getFileName() + " has no before.all and after.all");
            return Optional.empty();
        }
        String files = number(json.path("settings").path("files")).isPresent()
                ? ChartStyle.thousands(number(json.path("settings").path("files")).getAsDouble()) + " files"
                : "the bulk";
        CategoryChart chart = ChartStyle.bars("Batch time before and after reading " + files, "micro-batch time",
                "Spark triggerExecution (ms)");
        double max = 0;
        for (JsonNode phase : List.of(before, after)) {
            List<Double> values = new ArrayList<>();
            for (String figure : FIGURES) {
                OptionalDouble value = number(phase.path(figure));
                values.add(value.isPresent() ? value.getAsDouble() : null);
                max = Math.max(max, value.orElse(0));
            }
            String batches = phase.path("batches").isNumber() ? ", " + phase.path("batches").asInt() + " batches" : "";
            String name = (phase == before ? "before" : "after " + files) + batches;
            CategorySeries series = chart.addSeries(name, CATEGORIES, values);
            series.setFillColor(phase == before ? ChartStyle.BLUE : ChartStyle.ORANGE);
        }
        chart.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern("#,##0");
        chart.getStyler().setDecimalPattern("#,##0");
        OptionalDouble beforeMean = number(before.path("trigger_ms_mean"));
        List<Goal> goals = beforeMean.isPresent()
                ? List.of(new Goal("goal: after ≤ 1.2× before's mean (" + ChartStyle.thousands(1.2 * beforeMean.getAsDouble())
                        + " ms)", 1.2 * beforeMean.getAsDouble()))
                : List.of();
        ChartStyle.goals(chart, max, goals);
        String note = "Probe batches of " + json.path("settings").path("probe_rows").asText("?")
                + " rows, one file a second (before.all, after.all)";
        OptionalDouble ratio = number(json.path("ratio").path("trigger_mean"));
        if (ratio.isPresent()) {
            note += String.format(Locale.ROOT, "; after/before mean %.2f", ratio.getAsDouble());
        }
        return Optional.of(ChartStyle.save(out.resolve("growth-batch-time.png"),
                new Caption(results, note + ".", goals), chart));
    }

    /** {@code table}: {@code empty.rows_per_sec}, {@code preloaded.rows_per_sec}, {@code preloaded_rows}. */
    private static Optional<Path> tableIngest(Results results, Path out) throws IOException {
        JsonNode table = results.json().path("table");
        OptionalDouble empty = number(table.path("empty").path("rows_per_sec"));
        OptionalDouble preloaded = number(table.path("preloaded").path("rows_per_sec"));
        if (empty.isEmpty() || preloaded.isEmpty()) {
            Charts.skip("growth-table-ingest.png: " + results.file().getFileName()
                    + " has no table.empty.rows_per_sec and table.preloaded.rows_per_sec");
            return Optional.empty();
        }
        OptionalDouble rows = number(table.path("preloaded_rows"));
        String preloadedName = rows.isPresent()
                ? "preloaded with " + ChartStyle.thousands(rows.getAsDouble()) + " rows" : "preloaded";
        CategoryChart chart = ChartStyle.bars("Stream service: one batch into an empty and a preloaded table",
                "user_events before the load", "rows/s");
        chart.addSeries("rows/s", List.of("empty", preloadedName),
                List.of(empty.getAsDouble(), preloaded.getAsDouble()));
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.4);
        chart.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern("#,##0");
        chart.getStyler().setDecimalPattern("#,##0");
        OptionalDouble batch = number(results.json().path("settings").path("rows"));
        String note = (batch.isPresent() ? "The same " + ChartStyle.thousands(batch.getAsDouble()) + " rows each time; " : "")
                + String.format(Locale.ROOT, "preloaded/empty %.2f (table.empty, table.preloaded .rows_per_sec).",
                        preloaded.getAsDouble() / empty.getAsDouble());
        return Optional.of(ChartStyle.save(out.resolve("growth-table-ingest.png"), new Caption(results, note), chart));
    }
}
