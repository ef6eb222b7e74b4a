package dev.pipeline.generator.session;

import dev.pipeline.model.UserEvent;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.random.RandomGenerator;

/**
 * The events of many shoppers browsing at once: sessions run side by side, and each call takes the
 * next step of one of them, so consecutive events come from different users as in a real shop.
 * Every event gets a fresh id here. Not thread-safe: one generating thread owns it.
 */
public final class ShopTraffic {

    /** Sessions open at once; enough that consecutive events rarely share a user. */
    private static final int CONCURRENT_SESSIONS = 200;

    private final SessionPlanner planner;
    private final EventIds ids;
    private final Clock clock;
    private final RandomGenerator random;
    private final ShoppingSession[] open = new ShoppingSession[CONCURRENT_SESSIONS];

    public ShopTraffic(ProductCatalog catalog, UserPool users, Funnel funnel, EventIds ids, Clock clock,
            RandomGenerator random) {
        this.planner = new SessionPlanner(catalog, users, funnel);
        this.ids = ids;
        this.clock = clock;
        this.random = random;
    }

    public UserEvent next() {
        int slot = random.nextInt(open.length);
        ShoppingSession session = open[slot];
        if (session == null) {
            // Timestamps in milliseconds, the precision the pipeline shows them in.
            session = planner.plan(clock.instant().truncatedTo(ChronoUnit.MILLIS), random);
            open[slot] = session;
        }
        PlannedEvent step = session.next();
        if (session.isOver()) {
            open[slot] = null;
        }
        return new UserEvent(ids.next(), session.userId(), step.type(), step.product().id(),
                step.product().price(), step.timestamp(), null);
    }
}
