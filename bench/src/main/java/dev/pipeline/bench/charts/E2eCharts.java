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
 * {@code bench/run e2e}: latency from {@code received_at} to committed in PostgreSQL against the rate, one
 * pair of lines (p50, p99) per roll/trigger setting; {@code bench/run sustain} (and e2e files of the
 * script's {@code --sustain}): the lag while one rate was held ({@code sustain}).
 */
final class E2eCharts {

    /** The goals of issue 20 (they were p50 ≤ 0.8 s, p99 ≤ 2 s). */
    private static final List<Goal> GOALS = List.of(new Goal("goal p50 ≤ 0.5 s", 0.5), new Goal("goal p99 ≤ 1 s", 1.0));

    private record Point(double rate, double p50, double p99) {}

    /** The steps of one setting; {@code upper}: the figures are the upper bound of each row's latency. */
    /** {@code commit}: the figures are each row's commit (since issue 20); else {@code upper}: the upper bound. */
    private record Setting(String name, List<Point> points, boolean upper, boolean commit) {}

    private E2eCharts() {}

    static List<Path> render(Results results, Path out) throws IOException {
        return Charts.paths(latency(results, out));
    }

    /** The chart of a file's {@code sustain} object: a sustain-*.json, or an older e2e-*.json that has one. */
    static List<Path> renderSustain(Results results, Path out) throws IOException {
        return Charts.paths(sustain(results, out));
    }

    private static Optional<Path> latency(Results results, Path out) throws IOException {
        List<Setting> settings = new ArrayList<>();
        for (JsonNode config : results.json().path("configs")) {
            Setting setting = setting(config);
            if (!setting.points().isEmpty()) {
                settings.add(setting);
            }
        }
        if (settings.isEmpty()) {
            Charts.skip(results.file().getFileName() + " has no configs[].steps[] with rate and table_latency_ms");
            return Optional.empty();
        }
        String title = "End-to-end latency against rate (roll / trigger"
                + (settings.size() == 1 ? " " + settings.get(0).name() + ")" : " interval)");
        XYChart chart = ChartStyle.xy(title, "rate (events/s)", "latency, received → committed (s)");
        double maxRate = 0;
        double maxLatency = 0;
        for (int i = 0; i < settings.size(); i++) {
            Setting setting = settings.get(i);
            String suffix = settings.size() == 1 ? "" : ", " + setting.name();
            Color p50Color = settings.size() == 1 ? ChartStyle.BLUE : ChartStyle.SERIES[i % ChartStyle.SERIES.length];
            Color p99Color = settings.size() == 1 ? ChartStyle.ORANGE : p50Color;
            List<Double> rates = setting.points().stream().map(Point::rate).toList();
            XYSeries p50 = chart.addSeries("p50" + suffix, rates, setting.points().stream().map(Point::p50).toList());
            p50.setMarker(SeriesMarkers.CIRCLE);
            p50.setMarkerColor(p50Color);
            p50.setLineColor(p50Color);
            XYSeries p99 = chart.addSeries("p99" + suffix, rates, setting.points().stream().map(Point::p99).toList());
            p99.setMarker(SeriesMarkers.DIAMOND);
            p99.setMarkerColor(p99Color);
            p99.setLineColor(p99Color);
            if (settings.size() > 1) {
                // The colour is the setting; the line tells p50 from p99.
                p99.setLineStyle(ChartStyle.DOTTED);
            }
            for (Point point : setting.points()) {
                maxRate = Math.max(maxRate, point.rate());
                maxLatency = Math.max(maxLatency, Math.max(point.p50(), point.p99()));
            }
        }
        if (settings.size() > 2) {
            // Six or more entries do not fit in one row under the plot.
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE)
                    .setLegendLayout(Styler.LegendLayout.Vertical);
        }
        // From 0, so a single rate still has an axis, and the lowest rate is not at the plot's edge.
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(maxRate * 1.06).setYAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        ChartStyle.goals(chart, maxLatency, GOALS);
        boolean allUpper = settings.stream().allMatch(Setting::upper);
        boolean noneUpper = settings.stream().noneMatch(Setting::upper);
        String note = settings.stream().allMatch(Setting::commit)
                ? "Per row: received_at → the commit of its transaction (steps[].table_latency_ms.commit_p50/commit_p99)."
                : allUpper
                ? "Upper bound per row: received_at → the log time of its batch's commit (steps[].table_latency_ms.upper_p50/upper_p99)."
                : noneUpper
                        ? "Lower bound per row: received_at → its transaction's start (table_latency_ms.p50/p99; the file has no upper bound)."
                        : "Upper bound (table_latency_ms.upper_p50/p99) where the file has it, else the lower bound (p50/p99).";
        return Optional.of(ChartStyle.save(out.resolve("e2e-latency-vs-rate.png"),
                new Caption(results, note, GOALS), chart));
    }

    private static Setting setting(JsonNode config) {
        String name = config.path("collector_roll_interval").asText("?") + " / "
                + config.path("stream_trigger_interval").asText("?");
        boolean upper = true;
        for (JsonNode step : config.path("steps")) {
            JsonNode latency = step.path("table_latency_ms");
            upper &= number(latency.path("upper_p50")).isPresent() && number(latency.path("upper_p99")).isPresent();
        }
        boolean commit = true;
        for (JsonNode step : config.path("steps")) {
            JsonNode latency = step.path("table_latency_ms");
            commit &= number(latency.path("commit_p50")).isPresent() && number(latency.path("commit_p99")).isPresent();
        }
        String p50Key = commit ? "commit_p50" : upper ? "upper_p50" : "p50";
        String p99Key = commit ? "commit_p99" : upper ? "upper_p99" : "p99";
        List<Point> points = new ArrayList<>();
        for (JsonNode step : config.path("steps")) {
            JsonNode latency = step.path("table_latency_ms");
            OptionalDouble rate = number(step.path("rate"));
            OptionalDouble p50 = number(latency.path(p50Key));
            OptionalDouble p99 = number(latency.path(p99Key));
            if (rate.isPresent() && p50.isPresent() && p99.isPresent()) {
                points.add(new Point(rate.getAsDouble(), p50.getAsDouble() / 1000, p99.getAsDouble() / 1000));
            }
        }
        points.sort((a, b) -> Double.compare(a.rate(), b.rate()));
        return new Setting(name, points, upper && !commit, commit);
    }

    /** {@code sustain}: {@code rate}, {@code duration_s}, {@code flat}, {@code lag_samples[]} of {@code t_s}, {@code pending_files}, {@code oldest_pending_age_ms}. */
    private static Optional<Path> sustain(Results results, Path out) throws IOException {
        JsonNode sustain = results.json().path("sustain");
        List<Double> times = new ArrayList<>();
        List<Double> ages = new ArrayList<>();
        List<Double> files = new ArrayList<>();
        for (JsonNode sample : sustain.path("lag_samples")) {
            OptionalDouble t = number(sample.path("t_s"));
            if (t.isEmpty()) {
                continue;
            }
            times.add(t.getAsDouble());
            // A sample without a figure is a gap in that line, not a zero.
            ages.add(orNull(number(sample.path("oldest_pending_age_ms")), 1000));
            files.add(orNull(number(sample.path("pending_files")), 1));
        }
        if (times.isEmpty()) {
            Charts.skip("e2e-sustain-lag.png: sustain.lag_samples of " + results.file().getFileName() + " is empty");
            return Optional.empty();
        }
        OptionalDouble rate = number(sustain.path("rate"));
        OptionalDouble duration = number(sustain.path("duration_s"));
        String title = "Lag while holding "
                + (rate.isPresent() ? ChartStyle.thousands(rate.getAsDouble()) + " events/s" : "one rate")
                + (duration.isPresent() ? String.format(Locale.ROOT, " for %.0f s", duration.getAsDouble()) : "");
        XYChart chart = ChartStyle.xy(title, "time (s)", "oldest pending file's age (s)");
        boolean markers = times.size() <= 40;
        XYSeries age = chart.addSeries("oldest pending file's age (s)", times, ages);
        age.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        age.setMarkerColor(ChartStyle.BLUE);
        age.setLineColor(ChartStyle.BLUE);
        XYSeries pending = chart.addSeries("pending files (right axis)", times, files);
        pending.setMarker(markers ? SeriesMarkers.SQUARE : SeriesMarkers.NONE);
        pending.setMarkerColor(ChartStyle.ORANGE);
        pending.setLineColor(ChartStyle.ORANGE);
        pending.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "pending files");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(0, 0.0).setYAxisMin(1, 0.0).setXAxisMin(0.0);
        JsonNode flat = sustain.path("flat");
        String note = "Samples of the stream service's /lag (sustain.lag_samples)"
                + (flat.isBoolean() ? "; the benchmark judged the lag " + (flat.asBoolean() ? "flat." : "NOT flat (growing).")
                        : ".");
        return Optional.of(ChartStyle.save(out.resolve("e2e-sustain-lag.png"), new Caption(results, note), chart));
    }

    private static Double orNull(OptionalDouble value, double divisor) {
        return value.isPresent() ? value.getAsDouble() / divisor : null;
    }
}
