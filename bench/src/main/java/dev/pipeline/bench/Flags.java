package dev.pipeline.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --name value} pairs and bare switches of one subcommand. Every problem is an
 * {@link IllegalArgumentException} whose message is meant for the user: {@link Bench} prints it with
 * the usage and exits 2. A flag given twice keeps its last value, as the scripts rely on for overrides.
 */
public final class Flags {

    private final Map<String, String> values;
    private final Set<String> switches;

    private Flags(Map<String, String> values, Set<String> switches) {
        this.values = values;
        this.switches = switches;
    }

    /**
     * @param withValue the flags that take a value, e.g. {@code --out}
     * @param switches the flags that stand alone, e.g. {@code --touch}
     */
    public static Flags parse(String[] args, Set<String> withValue, Set<String> switches) {
        Map<String, String> values = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (switches.contains(flag)) {
                seen.add(flag);
            } else if (withValue.contains(flag)) {
                // A known flag in the value's place means the value was left out, not that it is "--out".
                if (i + 1 >= args.length || withValue.contains(args[i + 1]) || switches.contains(args[i + 1])) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                values.put(flag, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new Flags(values, seen);
    }

    /**
     * A setting of a scenario: the flag's value, else the environment variable's (the scripts' BENCH_*
     * variables keep working), else the default. Empty when none is set.
     */
    public static String orEnv(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value;
    }

    public boolean has(String name) {
        return switches.contains(name) || values.containsKey(name);
    }

    public Optional<String> string(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public Optional<Path> path(String name) {
        return string(name).map(Path::of);
    }

    public int integer(String name, int fallback) {
        return integer(name, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** The value, which must lie in {@code min..max}; the fallback is not checked. */
    public int integer(String name, int fallback, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number"
                + (min == Integer.MIN_VALUE ? "" : " from " + min + " to " + max) + ", got " + text);
    }

    public long longValue(String name, long fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got " + text);
        }
    }

    public double decimal(String name, double fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got " + text);
        }
    }

    public Duration duration(String name, Duration fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    /** Accepts {@code 500ms}, {@code 30s}, {@code 2m}, {@code 24h}, {@code 7d} or plain seconds. */
    public static Duration parseDuration(String text) {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            String number = text.substring(0, Math.max(0, text.length() - 1));
            return switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(Long.parseLong(number));
                case 'm' -> Duration.ofMinutes(Long.parseLong(number));
                case 'h' -> Duration.ofHours(Long.parseLong(number));
                case 'd' -> Duration.ofDays(Long.parseLong(number));
                default -> Duration.ofSeconds(Long.parseLong(text));
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + text + " (use e.g. 30s, 500ms, 2m)");
        }
    }
}
