package dev.pipeline.generator.pacing;

import java.util.function.LongSupplier;

/**
 * Holds a rate: event number k is due at {@code start + k / rate}, so events leave evenly spread
 * over each second rather than in a burst at its start. An event not taken when due stays due (a
 * slow moment is caught up), but never more than one second's worth: after a pause or while the
 * collector was down the schedule moves on instead of bursting out everything missed.
 */
public final class Pacer {

    private static final double NANOS_PER_SECOND = 1e9;
    /**
     * Lets an event count as due a millionth of an interval early, so that floating-point rounding
     * never makes an event due at exactly its time look one short.
     */
    private static final double ROUNDING_ALLOWANCE = 1e-6;

    private final double eventsPerSecond;
    private final long maxBacklog;
    private final LongSupplier nanoClock;
    private long origin;
    private long taken;

    /**
     * @param nanoClock {@link System#nanoTime()} in use; a fake one in tests
     */
    public Pacer(double eventsPerSecond, LongSupplier nanoClock) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("generator.rate must be a positive number of events per second, got "
                    + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
        this.maxBacklog = Math.max(1, (long) Math.ceil(eventsPerSecond));
        this.nanoClock = nanoClock;
        this.origin = nanoClock.getAsLong();
    }

    /** Takes up to {@code max} of the events due by now; returns how many it took. */
    public int take(int max) {
        int count = (int) Math.min(max, due(nanoClock.getAsLong()));
        taken += count;
        return count;
    }

    /** How long until the next event is due: 0 when one is due now. */
    public long nanosUntilNext() {
        long now = nanoClock.getAsLong();
        if (due(now) > 0) {
            return 0;
        }
        long nextAt = origin + nanosFromOrigin(taken);
        return Math.max(1, nextAt - now);
    }

    /** Events due by {@code now} and not taken yet; drops what lies beyond the backlog allowed. */
    private long due(long now) {
        long backlog = scheduledBy(now) - taken;
        if (backlog > maxBacklog) {
            // Restart the schedule so that exactly maxBacklog events are due now.
            origin = now - nanosFromOrigin(taken + maxBacklog - 1);
            backlog = scheduledBy(now) - taken;
        }
        return Math.max(0, backlog);
    }

    /** Events scheduled at or before {@code now}: the first at the origin itself. */
    private long scheduledBy(long now) {
        long elapsed = now - origin;
        return elapsed < 0 ? 0 : (long) (elapsed * eventsPerSecond / NANOS_PER_SECOND + ROUNDING_ALLOWANCE) + 1;
    }

    /** When event number {@code k} is due, counted from the origin. */
    private long nanosFromOrigin(long k) {
        return (long) Math.ceil(k * NANOS_PER_SECOND / eventsPerSecond);
    }
}
