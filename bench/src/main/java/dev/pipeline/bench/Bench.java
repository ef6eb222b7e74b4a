package dev.pipeline.bench;

import dev.pipeline.bench.charts.Charts;
import dev.pipeline.bench.scenario.Scenario;
import dev.pipeline.bench.scenario.ScenarioRunner;
import dev.pipeline.bench.scenario.Scenarios;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Entry point of bench.jar (and of {@code bench/run}): {@code <scenario> [options]} runs a benchmark
 * scenario ({@link Scenarios}), {@code all} every one and then the charts. The tools the scenarios
 * use run alone too: {@code load ...} loads a collector as fast as it answers, {@code rate ...} at a
 * fixed rate, {@code csv}/{@code publish} make and publish raw files for the stream benchmarks,
 * {@code table FILE} prints a results file, {@code charts} draws PNG charts of the newest results.
 */
public final class Bench {

    private static final String USAGE = """
            usage: bench/run <scenario> [options]      (bench/run <scenario> --help lists its options)
                   bench/run all [options]           every scenario in order, then the charts
                   bench/run charts [--results bench/results] [--out docs/bench]
                   bench/run table bench/results/<scenario>-<date>.json
            %s
            the tools the scenarios run:
              java -jar bench.jar load --url http://127.0.0.1:8081 [--protocol events|segment|snowplow] --connections N \\
                                       --batch 500 --duration 30s --warmup 5s [--api-key K] [--out results.json]
              java -jar bench.jar rate --url http://127.0.0.1:8081 --rate EVENTS_PER_S --batch 100 --connections 8 \\
                                       --duration 2m [--warmup 15s] [--run-id ID] [--acked FILE] [--out FILE]
              java -jar bench.jar csv --out DIR --files 100 --rows-per-file 10000 [--ids uuid7|random] \\
                                      [--users 50000] [--products 5000] [--span 24h] [--seed N] [--name PREFIX]
              java -jar bench.jar publish --from DIR --to RAW_DIR [--every 1s] [--touch]
            """;

    private Bench() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        Optional<Scenario> scenario = Scenarios.named(command);
        if (scenario.isPresent()) {
            System.exit(ScenarioRunner.run(scenario.get(), rest));
        }
        switch (command) {
            case "all" -> System.exit(ScenarioRunner.all(rest));
            case "load" -> System.exit(CollectorLoad.run(parsed(() -> LoadOptions.parse(rest))));
            case "rate" -> System.exit(RateLoad.run(parsed(() -> RateLoad.Options.parse(rest))));
            case "csv", "publish" -> {
                try {
                    System.exit(command.equals("csv") ? CsvFiles.write(rest) : CsvFiles.publish(rest));
                } catch (IllegalArgumentException e) {
                    usageError(e.getMessage());
                }
            }
            case "charts" -> {
                Flags flags = parsed(() -> Flags.parse(rest, Set.of("--results", "--out"), Set.of()));
                System.exit(Charts.run(flags.path("--results").orElse(Path.of("bench/results")),
                        flags.path("--out").orElse(Path.of("docs/bench"))));
            }
            case "table" -> {
                if (rest.length != 1) {
                    usageError(null);
                }
                System.exit(ScenarioRunner.table(Path.of(rest[0]), System.out));
            }
            default -> usageError(null);
        }
    }

    /** The options {@code parse} reads, or the usage and exit status 2 if they are wrong. */
    private static <T> T parsed(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            usageError(e.getMessage());
            throw new IllegalStateException("unreachable: usageError exits");
        }
    }

    private static void usageError(String message) {
        if (message != null) {
            System.err.println("bench: " + message);
        }
        StringBuilder scenarios = new StringBuilder("\nscenarios:\n");
        for (Scenario scenario : Scenarios.ALL) {
            scenarios.append(String.format("  %-13s %s%n", scenario.name(), scenario.summary()));
        }
        System.err.println(USAGE.formatted(scenarios));
        System.exit(2);
    }
}
