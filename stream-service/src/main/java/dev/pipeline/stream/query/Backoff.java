package dev.pipeline.stream.query;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, so that a returning database is not hit by every retry at once. */
final class Backoff {

    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.max = max;
        this.next = initial;
    }

    Duration next() {
        Duration current = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        long jitter = ThreadLocalRandom.current().nextLong(current.toMillis() / 4 + 1);
        return current.plusMillis(jitter);
    }
}
