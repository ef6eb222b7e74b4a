package dev.pipeline.bench.charts;

import dev.pipeline.bench.charts.ResultsFiles.Results;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code bench.jar charts}: one PNG per chart from the newest results file of each scenario. A scenario
 * without results, or a part a file does not have, is skipped with a line on stderr, so the command works
 * on any mix of old and new results files.
 */
public final class Charts {

    /** A scenario's charts: read one results file, write PNGs into a folder, return their paths. */
    @FunctionalInterface
    interface Renderer {
        List<Path> render(Results results, Path out) throws IOException;
    }

    /** Which results file a chart is drawn from. */
    @FunctionalInterface
    interface Finder {
        Optional<Results> find(Path resultsDir) throws IOException;
    }

    /** @param name what the skip message says is missing, e.g. {@code e2e-<date>.json} */
    private record Scenario(String name, Finder finder, Renderer renderer) {

        /** The charts of one scenario's newest results file. */
        Scenario(String scenario, Renderer renderer) {
            this(scenario + "-<date>.json", dir -> ResultsFiles.newest(dir, scenario), renderer);
        }
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("e2e", E2eCharts::render),
            // bench/run sustain writes sustain-*.json; e2e files of the script's --sustain carry the same object.
            new Scenario("sustain-<date>.json (or an e2e-<date>.json with a sustain part)",
                    dir -> ResultsFiles.newestWith(dir, List.of("sustain", "e2e"), "sustain"), E2eCharts::renderSustain),
            new Scenario("collector", CollectorCharts::render),
            new Scenario("sink", SinkCharts::render),
            new Scenario("growth", GrowthCharts::render),
            // After growth: when both have a table part, the table file's chart is the one kept.
            new Scenario("table", GrowthCharts::renderTable),
            new Scenario("startup", StartupCharts::render),
            new Scenario("soak", SoakCharts::render));

    private Charts() {}

    /**
     * Writes the charts and prints each PNG's path on stdout.
     *
     * @return 0 if every results file found was charted, 1 if one failed or none was found
     */
    public static int run(Path resultsDir, Path outDir) {
        // Before any AWT class loads: the charts are drawn without a display.
        System.setProperty("java.awt.headless", "true");
        int found = 0;
        int failed = 0;
        for (Scenario scenario : SCENARIOS) {
            Optional<Results> results;
            try {
                results = scenario.finder().find(resultsDir);
            } catch (IOException | RuntimeException e) {
                failed++;
                System.err.println("charts: " + scenario.name() + ": cannot read its newest results file: " + e);
                continue;
            }
            if (results.isEmpty()) {
                skip("no " + scenario.name() + " in " + resultsDir);
                continue;
            }
            found++;
            try {
                for (Path png : scenario.renderer().render(results.get(), outDir)) {
                    System.out.println(png);
                }
            } catch (IOException | RuntimeException e) {
                failed++;
                System.err.println("charts: " + results.get().file().getFileName() + ": " + e);
            }
        }
        return found > 0 && failed == 0 ? 0 : 1;
    }

    /** Reports a chart left out because its figures are not there. */
    static void skip(String why) {
        System.err.println("charts: skipped: " + why);
    }

    /** Collects the PNGs a renderer wrote, for the ones that write several. */
    @SafeVarargs
    static List<Path> paths(Optional<Path>... written) {
        List<Path> paths = new ArrayList<>();
        for (Optional<Path> path : written) {
            path.ifPresent(paths::add);
        }
        return paths;
    }
}
