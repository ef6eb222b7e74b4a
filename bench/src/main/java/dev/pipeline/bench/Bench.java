package dev.pipeline.bench;

import dev.pipeline.bench.charts.Charts;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Entry point of bench.jar: {@code collector ...} loads a collector as fast as it answers, {@code rate ...}
 * at a fixed rate, {@code csv}/{@code publish} make and publish raw files for the stream benchmarks,
 * {@code table FILE} prints a collector results file, {@code charts} draws PNG charts of the newest results.
 */
public final class Bench {

    private static final String USAGE = """
            usage:
              java -jar bench.jar collector --url http://127.0.0.1:8081 --connections N --batch 500 \\
                                            --duration 30s --warmup 5s [--api-key K] [--out results.json]
              java -jar bench.jar table bench/results/collector-<date>.json
              java -jar bench.jar rate --url http://127.0.0.1:8081 --rate EVENTS_PER_S --batch 100 --connections 8 \\
                                       --duration 2m [--warmup 15s] [--run-id ID] [--acked FILE] [--out FILE]
              java -jar bench.jar csv --out DIR --files 100 --rows-per-file 10000 [--ids uuid7|random] \\
                                      [--users 50000] [--products 5000] [--span 24h] [--seed N] [--name PREFIX]
              java -jar bench.jar publish --from DIR --to RAW_DIR [--every 1s] [--touch]
              java -jar bench.jar charts [--results bench/results] [--out docs/bench]""";

    private Bench() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "collector" -> System.exit(CollectorLoad.run(parsed(() -> LoadOptions.parse(rest))));
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
                ResultsTable.print(Path.of(rest[0]), System.out);
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
        System.err.println(USAGE);
        System.exit(2);
    }
}
