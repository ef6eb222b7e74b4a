package dev.pipeline.generator.injection;

import dev.pipeline.model.UserEvent;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The last events the collector acknowledged, to resend as duplicates. A duplicate must repeat an
 * event the pipeline already holds (a client retrying after a lost answer), so only acknowledged
 * events qualify. Bounded: older events drop out.
 */
public final class RecentlyAcked {

    private static final int CAPACITY = 10_000;

    private final UserEvent[] ring = new UserEvent[CAPACITY];
    private int size;
    private int next;

    /** Called as answers arrive, from the HTTP client's threads. */
    public synchronized void addAll(List<UserEvent> events) {
        for (UserEvent event : events) {
            ring[next] = event;
            next = (next + 1) % CAPACITY;
            size = Math.min(size + 1, CAPACITY);
        }
    }

    /** One of them at random, or null while nothing has been acknowledged yet. */
    public synchronized UserEvent pick(RandomGenerator random) {
        return size == 0 ? null : ring[random.nextInt(size)];
    }
}
