package dev.pipeline.bench.scenario;

import dev.pipeline.bench.Flags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario's settings as the scripts took them: the flag's value, else its {@code BENCH_*} variable's
 * (see {@link Flags#orEnv}), else the default; and their text checked as the scripts checked it
 * ({@code positive_ints}, {@code durations}), a value from the environment like one from the command
 * line. A wrong one is an {@link IllegalArgumentException} naming the setting.
 */
public final class FlagValues {

    private FlagValues() {
    }

    /** A setting's text: the flag's value, else the variable's (unless blank), else the default. */
    public static String setting(Flags flags, String flag, String variable, String fallback) {
        return flags.string(flag, Flags.orEnv(variable, fallback));
    }

    /** A setting that is a whole number above 0, named by its flag and variable when wrong. */
    public static int positiveInt(Flags flags, String flag, String variable, int fallback) {
        return positiveInt(flag + " (" + variable + ")", setting(flags, flag, variable, Integer.toString(fallback)));
    }

    /** A whole number above 0. */
    public static int positiveInt(String name, String text) {
        if (!text.trim().matches("[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException(name + ": not a positive whole number: " + text);
        }
        return Integer.parseInt(text.trim());
    }

    /** A comma (or blank) separated list of whole numbers above 0, at least one. */
    public static List<Integer> positiveInts(String name, String text) {
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
    public static Duration duration(String name, String text) {
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
    public static Duration positiveDuration(String name, String text) {
        Duration duration = duration(name, text);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be more than 0");
        }
        return duration;
    }

    /** A duration as the command line writes it: {@code 2m}, {@code 30s}, {@code 500ms}. */
    public static String text(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
