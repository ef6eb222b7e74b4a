package dev.pipeline.bench.scenario.sink;

import dev.pipeline.bench.Flags;

/**
 * A scenario's setting as the scripts took it: the flag's value, else its {@code BENCH_*} variable's,
 * else the default; a value from the environment is checked like one from the command line.
 */
public final class FlagValues {

    private FlagValues() {
    }

    public static String text(Flags flags, String flag, String variable, String fallback) {
        return flags.string(flag, Flags.orEnv(variable, fallback));
    }

    /** A whole number of at least 1. */
    public static int positive(Flags flags, String flag, String variable, int fallback) {
        String value = text(flags, flag, variable, Integer.toString(fallback));
        try {
            int number = Integer.parseInt(value);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(flag + " (" + variable + ") must be a whole number of at least 1, got " + value);
    }
}
