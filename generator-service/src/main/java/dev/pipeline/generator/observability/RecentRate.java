package dev.pipeline.generator.observability;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Events per second over the last few whole seconds: steadier than the last second alone, and
 * still quick to show a stall.
 */
final class RecentRate {

    private static final int WINDOW_SECONDS = 5;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier nanoClock;
    private final long firstSecond;
    // One slot more than the window: the current, incomplete second is counted but not reported.
    private final long[] counts = new long[WINDOW_SECONDS + 1];
    private final long[] seconds = new long[WINDOW_SECONDS + 1];

    RecentRate(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.firstSecond = second(nanoClock.getAsLong());
        Arrays.fill(seconds, Long.MIN_VALUE);
    }

    synchronized void add(long events) {
        long second = second(nanoClock.getAsLong());
        int slot = (int) Math.floorMod(second, (long) counts.length);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += events;
    }

    /** Events per second over the last {@value #WINDOW_SECONDS} complete seconds (fewer just after start). */
    synchronized double perSecond() {
        long current = second(nanoClock.getAsLong());
        long window = Math.min(WINDOW_SECONDS, current - firstSecond);
        if (window <= 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (seconds[i] < current && seconds[i] >= current - window) {
                sum += counts[i];
            }
        }
        return (double) sum / window;
    }

    private static long second(long nanos) {
        return Math.floorDiv(nanos, NANOS_PER_SECOND);
    }
}
