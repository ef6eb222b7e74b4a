package dev.pipeline.bench;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point of bench.jar: {@code collector ...} loads a collector as fast as it answers, {@code rate ...}
 * at a fixed rate, {@code csv}/{@code publish} make and publish raw files for the stream benchmarks,
 * {@code table FILE} prints a collector results file.
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
              java -jar bench.jar publish --from DIR --to RAW_DIR [--every 1s] [--touch]""";

    private Bench() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "collector" -> {
                LoadOptions options;
                try {
                    options = LoadOptions.parse(rest);
                } catch (IllegalArgumentException e) {
                    System.err.println("bench: " + e.getMessage());
                    System.err.println(USAGE);
                    System.exit(2);
                    return;
                }
                System.exit(CollectorLoad.run(options));
            }
            case "rate" -> {
                RateLoad.Options options;
                try {
                    options = RateLoad.Options.parse(rest);
                } catch (IllegalArgumentException e) {
                    System.err.println("bench: " + e.getMessage());
                    System.err.println(USAGE);
                    System.exit(2);
                    return;
                }
                System.exit(RateLoad.run(options));
            }
            case "csv", "publish" -> {
                try {
                    System.exit(command.equals("csv") ? CsvFiles.write(rest) : CsvFiles.publish(rest));
                } catch (IllegalArgumentException e) {
                    System.err.println("bench: " + e.getMessage());
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
            case "table" -> {
                if (rest.length != 1) {
                    System.err.println(USAGE);
                    System.exit(2);
                }
                ResultsTable.print(Path.of(rest[0]), System.out);
            }
            default -> {
                System.err.println(USAGE);
                System.exit(2);
            }
        }
    }
}
