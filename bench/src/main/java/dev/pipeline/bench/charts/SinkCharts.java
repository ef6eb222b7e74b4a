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

/**
 * The sink scenario: rows/s of the stream service next to {@code psql \copy} (the practical limit) and the
 * naive Spark {@code df.write().jdbc}, and, when the run had them, {@code psql \copy} into each variant of
 * the table's indexes.
 */
final class SinkCharts {

    private record Bar(String name, double rowsPerSec) {}

    private SinkCharts() {}

    static List<Path> render(Results results, Path out) throws IOException {
        return Charts.paths(references(results, out), variants(results, out));
    }

    private static Optional<Path> references(Results results, Path out) throws IOException {
        JsonNode json = results.json();
        List<Bar> bars = new ArrayList<>();
        add(bars, "stream service", json.path("stream").path("rows_per_sec"));
        add(bars, "psql \\copy", json.path("psql").path("rows_per_sec"));
        add(bars, "Spark df.write().jdbc", json.path("spark_jdbc").path("rows_per_sec"));
        if (bars.isEmpty()) {
            Charts.skip(results.file().getFileName() + " has none of stream, psql, spark_jdbc .rows_per_sec");
            return Optional.empty();
        }
        CategoryChart chart = ChartStyle.bars("Sink: rows/s into PostgreSQL", "", "rows/s");
        chart.addSeries("rows/s", bars.stream().map(Bar::name).toList(), bars.stream().map(Bar::rowsPerSec).toList());
        style(chart, bars.size());
        OptionalDouble psql = number(json.path("psql").path("rows_per_sec"));
        List<Goal> goals = psql.isPresent()
                ? List.of(new Goal("goal 0.75× psql (" + ChartStyle.thousands(0.75 * psql.getAsDouble()) + " rows/s)",
                        0.75 * psql.getAsDouble()))
                : List.of();
        ChartStyle.goals(chart, bars.stream().mapToDouble(Bar::rowsPerSec).max().orElse(0), goals);
        JsonNode data = json.path("data");
        StringBuilder note = new StringBuilder();
        OptionalDouble rows = number(data.path("rows"));
        if (rows.isPresent()) {
            note.append(ChartStyle.thousands(rows.getAsDouble())).append(" rows in ")
                    .append(data.path("files").asText("?")).append(" files, each load into an empty indexed table");
        }
        JsonNode ratios = json.path("ratios");
        for (String ratio : List.of("stream_over_psql", "stream_over_spark_jdbc")) {
            OptionalDouble value = number(ratios.path(ratio));
            if (value.isPresent()) {
                note.append(note.isEmpty() ? "" : "; ").append(ratio.replace("_over_", "/").replace('_', ' '))
                        .append(String.format(Locale.ROOT, " %.2f", value.getAsDouble()));
            }
        }
        if (psql.isEmpty()) {
            note.append(note.isEmpty() ? "" : ". ").append("No psql part in this run, so no goal line");
        }
        return Optional.of(ChartStyle.save(out.resolve("sink-vs-references.png"),
                new Caption(results, note + (note.isEmpty() ? "" : "."), goals), chart));
    }

    /** {@code index_variants[]}: {@code variant}, {@code rows_per_sec}, {@code indexes[].mb}. */
    private static Optional<Path> variants(Results results, Path out) throws IOException {
        List<Bar> bars = new ArrayList<>();
        for (JsonNode variant : results.json().path("index_variants")) {
            double mb = 0;
            for (JsonNode index : variant.path("indexes")) {
                mb += number(index.path("mb")).orElse(0);
            }
            String name = variant.path("variant").asText("?")
                    + (variant.path("indexes").isArray() ? String.format(Locale.ROOT, " (%.0f MB)", mb) : "");
            add(bars, name, variant.path("rows_per_sec"));
        }
        if (bars.isEmpty()) {
            Charts.skip("sink-index-variants.png: " + results.file().getFileName() + " has no index_variants");
            return Optional.empty();
        }
        CategoryChart chart = ChartStyle.bars("psql \\copy into the table with each set of indexes", "indexes",
                "rows/s");
        chart.addSeries("rows/s", bars.stream().map(Bar::name).toList(), bars.stream().map(Bar::rowsPerSec).toList());
        style(chart, bars.size());
        String note = "The same rows, each variant in a fresh database; in brackets the size of its indexes."
                + " The variants are described in bench/README.md (sink, variants).";
        return Optional.of(ChartStyle.save(out.resolve("sink-index-variants.png"), new Caption(results, note), chart));
    }

    private static void add(List<Bar> bars, String name, JsonNode value) {
        number(value).ifPresent(v -> bars.add(new Bar(name, v)));
    }

    private static void style(CategoryChart chart, int bars) {
        chart.getStyler().setLegendVisible(false);
        // One or two bars would otherwise each take most of the chart's width.
        chart.getStyler().setAvailableSpaceFill(bars <= 2 ? 0.4 : 0.7);
        chart.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern("#,##0");
        chart.getStyler().setDecimalPattern("#,##0");
    }
}
