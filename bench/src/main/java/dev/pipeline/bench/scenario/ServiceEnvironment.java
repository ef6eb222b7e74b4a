package dev.pipeline.bench.scenario;

import java.util.Map;
import java.util.Set;

/**
 * The settings of a service given in this environment ({@code COLLECTOR_*}, {@code STREAM_*},
 * {@code GENERATOR_*}) as a results file records them: {@code env | grep '^PREFIX' | sort | tr '\n' ' '},
 * e.g. {@code "COLLECTOR_FSYNC=false COLLECTOR_QUEUE_MAX_BYTES=8388608 "}.
 */
final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /** The variables of this JVM's environment that start with {@code prefix}, without those in {@code except}. */
    static String recorded(String prefix, Set<String> except) {
        return recorded(System.getenv(), prefix, except);
    }

    static String recorded(Map<String, String> env, String prefix, Set<String> except) {
        StringBuilder text = new StringBuilder();
        env.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && !except.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().forEach(line -> text.append(line).append(' '));
        return text.toString();
    }
}
