package dev.pipeline.bench.scenario;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The service settings a run inherited from its environment, for the results file's {@code settings}:
 * what {@code env | grep -e '^STREAM_' ... | sort | tr '\n' ' '} gave the scripts, e.g.
 * {@code "STREAM_TRIGGER_INTERVAL=250ms "} (each followed by a blank; "" when there are none).
 */
public final class EnvSettings {

    private EnvSettings() {
    }

    /** The variables whose names start with one of the prefixes, e.g. {@code STREAM_}. */
    public static String line(String... prefixes) {
        return System.getenv().entrySet().stream()
                .filter(e -> Arrays.stream(prefixes).anyMatch(e.getKey()::startsWith))
                .map(e -> e.getKey() + "=" + e.getValue() + " ")
                .sorted()
                .collect(Collectors.joining());
    }
}
