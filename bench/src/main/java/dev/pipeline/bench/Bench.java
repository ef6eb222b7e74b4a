package dev.pipeline.bench;

import java.nio.file.Path;
import java.util.Arrays;

/** Entry point of bench.jar: {@code collector ...} loads a collector, {@code table FILE} prints a results file. */
public final class Bench {

    private static final String USAGE = """
            usage:
              java -jar bench.jar collector --url http://127.0.0.1:8081 --connections N --batch 500 \\
                                            --duration 30s --warmup 5s [--api-key K] [--out results.json]
              java -jar bench.jar table bench/results/collector-<date>.json""";

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
