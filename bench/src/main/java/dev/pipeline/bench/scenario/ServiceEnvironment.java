package dev.pipeline.bench.scenario;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of the services given in this environment ({@code COLLECTOR_*}, {@code STREAM_*},
 * {@code GENERATOR_*}) as a results file records them: what {@code env | grep '^PREFIX' | sort | tr '\n' ' '}
 * gave the scripts, e.g. {@code "COLLECTOR_FSYNC=false COLLECTOR_QUEUE_MAX_BYTES=8388608 "} (each
 * followed by a blank; "" when there are none).
 */
public final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /** The variables of this JVM's environment whose names start with one of the prefixes, e.g. {@code STREAM_}. */
    public static String recorded(String... prefixes) {
        return recorded(System.getenv(), List.of(prefixes), Set.of());
    }

    /** The variables of this JVM's environment that start with {@code prefix}, without those in {@code except}. */
    public static String recorded(String prefix, Set<String> except) {
        return recorded(System.getenv(), List.of(prefix), except);
    }

    static String recorded(Map<String, String> env, String prefix, Set<String> except) {
        return recorded(env, List.of(prefix), except);
    }

    private static String recorded(Map<String, String> env, List<String> prefixes, Set<String> except) {
        StringBuilder text = new StringBuilder();
        env.entrySet().stream()
                .filter(e -> prefixes.stream().anyMatch(e.getKey()::startsWith) && !except.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().forEach(line -> text.append(line).append(' '));
        return text.toString();
    }
}
