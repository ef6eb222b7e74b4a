package dev.pipeline.generator.pacing;

import java.time.Duration;

/**
 * When generating ends: after {@code maxEvents} events or after {@code duration} (wall time since the
 * start, pauses included), whichever comes first; 0 means no limit.
 */
public record RunLimits(long maxEvents, Duration duration) {

    public RunLimits {
        if (maxEvents < 0) {
            throw new IllegalArgumentException("generator.max-events must be 0 (no limit) or more, got " + maxEvents);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("generator.duration must be 0 (no limit) or more, got " + duration);
        }
    }

    /** Events still allowed after {@code generated}. */
    long remaining(long generated) {
        return maxEvents == 0 ? Long.MAX_VALUE : maxEvents - generated;
    }

    boolean reached(long generated, long elapsedNanos) {
        return remaining(generated) <= 0 || !duration.isZero() && elapsedNanos >= duration.toNanos();
    }
}
