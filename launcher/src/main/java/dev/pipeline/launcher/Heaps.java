package dev.pipeline.launcher;

import dev.pipeline.harness.ServiceModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JVM options {@code ./run.sh} starts each service with: a heap cap sized so that the service's
 * resident memory stays within its budget (collector ≤ 300 MB, stream ≤ 1 GB at 50,000 events/s,
 * docs/operations.md "Memory"), then the options of {@code COLLECTOR_JAVA_OPTS}, {@code STREAM_JAVA_OPTS}
 * or {@code GENERATOR_JAVA_OPTS} (split on blanks). An option given there replaces the default of the
 * same flag ({@code -Xmx1g} the default {@code -Xmx}; any heap-size option, e.g.
 * {@code -XX:MaxRAMPercentage=25}, replaces the default {@code -Xmx} too, since the JVM would ignore it
 * next to one); the other defaults stay.
 */
final class Heaps {

    /** Without a {@code -Xmx} the JVM takes a quarter of the machine's memory, and G1 grows into it. */
    static final Map<ServiceModule, List<String>> DEFAULTS = defaults();

    /** What each service's RSS stays within with its defaults, measured (BENCHMARKS.md, "Memory"). */
    private static final Map<ServiceModule, String> BUDGETS = Map.of(ServiceModule.COLLECTOR, "RSS <= 300 MB",
            ServiceModule.STREAM, "RSS <= 1 GB", ServiceModule.GENERATOR, "");

    /** Every option that sets the heap's maximum: one of them replaces the default {@code -Xmx}. */
    private static final Set<String> HEAP_MAXIMUM = Set.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAMPercentage",
            "-XX:MaxRAMFraction", "-XX:MaxRAM");
    private static final String HEAP = "heap maximum";

    private final Map<ServiceModule, List<String>> options;

    private Heaps(Map<ServiceModule, List<String>> options) {
        this.options = options;
    }

    private static Map<ServiceModule, List<String>> defaults() {
        Map<ServiceModule, List<String>> defaults = new EnumMap<>(ServiceModule.class);
        // Peak RSS 216 MiB at 50,000 events/s: ~130 MB of classes, code and threads on top of the heap.
        defaults.put(ServiceModule.COLLECTOR, List.of("-Xmx160m", "-XX:+ExitOnOutOfMemoryError"));
        // Spark in the process: its classes (~145 MiB of metaspace and class space), code, threads and Netty's direct
        // buffers come on top of the heap; a batch's task holds at most one 32 MiB partition of files.
        defaults.put(ServiceModule.STREAM, List.of("-Xmx512m", "-XX:MaxDirectMemorySize=128m",
                "-XX:+ExitOnOutOfMemoryError"));
        defaults.put(ServiceModule.GENERATOR, List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"));
        return Map.copyOf(defaults);
    }

    /** The options of every service, from the defaults and the {@code <SERVICE>_JAVA_OPTS} of {@code environment}. */
    static Heaps of(Map<String, String> environment) {
        Map<ServiceModule, List<String>> options = new EnumMap<>(ServiceModule.class);
        for (ServiceModule module : ServiceModule.values()) {
            options.put(module, merge(DEFAULTS.get(module), split(environment.get(variable(module)))));
        }
        return new Heaps(options);
    }

    /** The JVM options of {@code module}'s process. */
    List<String> options(ServiceModule module) {
        return options.get(module);
    }

    /** {@code COLLECTOR_JAVA_OPTS}, {@code STREAM_JAVA_OPTS}, {@code GENERATOR_JAVA_OPTS}. */
    static String variable(ServiceModule module) {
        return module.shortName().toUpperCase(Locale.ROOT) + "_JAVA_OPTS";
    }

    /** The value of a {@code _JAVA_OPTS} variable as options: split on blanks, none when unset or blank. */
    static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.asList(value.trim().split("\\s+"));
    }

    /**
     * The defaults whose flag {@code given} does not set, then {@code given} in its order. Flags:
     * {@code -Xmx}/{@code -Xms}/{@code -Xss} and their size, {@code -XX:Name} whatever its value or
     * {@code +}/{@code -}, {@code -Dname} whatever its value, any other option as it is.
     */
    static List<String> merge(List<String> defaults, List<String> given) {
        Map<String, String> byFlag = new LinkedHashMap<>();
        for (String option : given) {
            byFlag.put(flag(option), option);
        }
        List<String> merged = new ArrayList<>();
        for (String option : defaults) {
            if (!byFlag.containsKey(flag(option))) {
                merged.add(option);
            }
        }
        merged.addAll(given);
        return List.copyOf(merged);
    }

    /** What an option sets, e.g. {@code -XX:MaxDirectMemorySize} for {@code -XX:MaxDirectMemorySize=128m}. */
    static String flag(String option) {
        String flag;
        if (option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-Xss")) {
            flag = option.substring(0, 4);
        } else if (option.startsWith("-XX:")) {
            String name = option.substring(4);
            if (name.startsWith("+") || name.startsWith("-")) {
                name = name.substring(1);
            }
            int equals = name.indexOf('=');
            flag = "-XX:" + (equals < 0 ? name : name.substring(0, equals));
        } else if (option.startsWith("-D")) {
            int equals = option.indexOf('=');
            flag = equals < 0 ? option : option.substring(0, equals);
        } else {
            flag = option;
        }
        return HEAP_MAXIMUM.contains(flag) ? HEAP : flag;
    }

    /** The "Memory" section of {@code ./run.sh --help}: one paragraph a string, picocli wraps them. */
    static List<String> help() {
        String exit = "-XX:+ExitOnOutOfMemoryError";
        List<String> lines = new ArrayList<>();
        lines.add("Each service's JVM gets a heap cap, so that its RSS stays within a budget at 50,000 events/s:");
        for (ServiceModule module : ServiceModule.values()) {
            String options = String.join(" ", DEFAULTS.get(module).stream().filter(o -> !o.equals(exit)).toList());
            lines.add(String.format(Locale.ROOT, "  %-10s %-38s %s", module.shortName(), options, BUDGETS.get(module)).stripTrailing());
        }
        if (DEFAULTS.values().stream().allMatch(options -> options.contains(exit))) {
            lines.add("and " + exit + " (a service out of memory exits, and run.sh starts it again).");
        }
        lines.add("COLLECTOR_JAVA_OPTS, STREAM_JAVA_OPTS and GENERATOR_JAVA_OPTS add JVM options, split on blanks. One given "
                + "there replaces the default of the same flag; any heap-size option (-Xmx, -XX:MaxRAMPercentage, ...) "
                + "replaces -Xmx. E.g. STREAM_JAVA_OPTS=-Xmx2g ./run.sh. More: docs/operations.md, \"Memory\".");
        return lines;
    }

    /** For the start-up line: {@code collector -Xmx160m, stream -Xmx512m, generator -Xmx128m}. */
    String summary() {
        List<String> parts = new ArrayList<>();
        for (ServiceModule module : ServiceModule.values()) {
            String heap = options.get(module).stream().filter(o -> flag(o).equals(HEAP)).reduce((a, b) -> b)
                    .orElse("default heap");
            parts.add(module.shortName() + " " + heap);
        }
        return String.join(", ", parts);
    }
}
