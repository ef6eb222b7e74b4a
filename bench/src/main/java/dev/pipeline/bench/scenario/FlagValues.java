package dev.pipeline.bench.scenario;

import dev.pipeline.bench.Flags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A setting's text (a flag's value or its BENCH_* variable, see {@link Flags#orEnv}) checked as the
 * scripts checked it ({@code positive_ints}, {@code durations}); a wrong one is an
 * {@link IllegalArgumentException} naming the setting.
 */
final class FlagValues {

    private FlagValues() {
    }

    /** A whole number above 0. */
    static int positiveInt(String name, String text) {
        if (!text.trim().matches("[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException(name + ": not a positive whole number: " + text);
        }
        return Integer.parseInt(text.trim());
    }

    /** A comma (or blank) separated list of whole numbers above 0, at least one. */
    static List<Integer> positiveInts(String name, String text) {
        List<Integer> values = new ArrayList<>();
        for (String item : text.split("[, ]+")) {
            if (!item.isEmpty()) {
                values.add(positiveInt(name, item));
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one number");
        }
        return values;
    }

    /** A duration ({@code 30s}, {@code 500ms}, {@code 2m}, plain seconds) of 0 or more. */
    static Duration duration(String name, String text) {
        Duration duration;
        try {
            duration = Flags.parseDuration(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + ": not a duration: " + text + " (use e.g. 30s, 500ms, 2m)");
        }
        return duration;
    }

    /** A duration above 0. */
    static Duration positiveDuration(String name, String text) {
        Duration duration = duration(name, text);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be more than 0");
        }
        return duration;
    }

    /** A duration as a user would write it: {@code 30s}, {@code 500ms}. */
    static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
