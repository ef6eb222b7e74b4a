package dev.pipeline.bench.scenario;

import java.time.Duration;

/** How long a service may take to become ready: {@code BENCH_READY_TIMEOUT} seconds, as the scripts read it. */
final class ReadyTimeout {

    private ReadyTimeout() {
    }

    /** @param defaultSeconds the former script's default (the collector scenario 90, the others 120) */
    static Duration of(int defaultSeconds) {
        return Duration.ofSeconds(FlagValues.positiveInt("BENCH_READY_TIMEOUT",
                System.getenv().getOrDefault("BENCH_READY_TIMEOUT", Integer.toString(defaultSeconds))));
    }
}
