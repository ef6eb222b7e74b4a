package dev.pipeline.generator.injection;

import dev.pipeline.generator.session.ShopTraffic;
import dev.pipeline.model.UserEvent;
import java.util.random.RandomGenerator;

/**
 * Decides, event by event, whether to send a new valid event, an invalid one or a duplicate, in the
 * configured proportions. Until the collector has acknowledged anything there is nothing to
 * duplicate, and a new event goes instead. Not thread-safe: one generating thread owns it.
 */
public final class EventMix {

    private final ShopTraffic traffic;
    private final RecentlyAcked acked;
    private final InvalidEvents invalid = new InvalidEvents();
    private final double invalidRatio;
    private final double duplicateRatio;
    private final RandomGenerator random;

    public EventMix(ShopTraffic traffic, RecentlyAcked acked, double invalidRatio, double duplicateRatio,
            RandomGenerator random) {
        if (!(invalidRatio >= 0 && duplicateRatio >= 0 && invalidRatio + duplicateRatio <= 1)) {
            throw new IllegalArgumentException("generator.invalid-ratio (" + invalidRatio + ") and generator.duplicate-ratio ("
                    + duplicateRatio + ") must be at least 0 and add up to at most 1");
        }
        this.traffic = traffic;
        this.acked = acked;
        this.invalidRatio = invalidRatio;
        this.duplicateRatio = duplicateRatio;
        this.random = random;
    }

    public OutgoingEvent next() {
        double roll = random.nextDouble();
        if (roll < invalidRatio) {
            return new OutgoingEvent(traffic.next(), OutgoingEvent.Kind.INVALID, invalid.nextRule());
        }
        if (roll < invalidRatio + duplicateRatio) {
            UserEvent again = acked.pick(random);
            if (again != null) {
                return new OutgoingEvent(again, OutgoingEvent.Kind.DUPLICATE, null);
            }
        }
        return new OutgoingEvent(traffic.next(), OutgoingEvent.Kind.FRESH, null);
    }
}
