package dev.pipeline.bench.scenario;

import dev.pipeline.bench.Flags;
import java.time.Duration;

/** How long a service may take to become ready: {@code BENCH_READY_TIMEOUT} seconds, as the scripts read it. */
public final class ReadyTimeout {

    private ReadyTimeout() {
    }

    /**
     * @param defaultSeconds when the variable is not set (or blank): the former script's default (the
     *     collector scenario 90, generators and startup 120), or the harness's bound on a start (the stream loads)
     */
    public static Duration of(int defaultSeconds) {
        return Duration.ofSeconds(FlagValues.positiveInt("BENCH_READY_TIMEOUT",
                Flags.orEnv("BENCH_READY_TIMEOUT", Integer.toString(defaultSeconds))));
    }
}
