package dev.pipeline.generator.session;

import dev.pipeline.model.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Plans one shopping visit: a user browses a few products, mostly of one category, adds some to
 * the cart right after viewing them, and at checkout buys some of what is in the cart, at the
 * catalogue price. Each view adds to the cart with probability {@link Funnel#addToCartRatio()},
 * each cart item is bought with {@link Funnel#checkoutShare()}, so the events keep the funnel's
 * proportions on average.
 *
 * <p>Steps are apart by a human's think time (seconds), and the session is stamped as if it ended
 * at the moment it is planned: its events lie in the last minutes, never in the future.
 */
final class SessionPlanner {

    /** Views per session: one, plus a geometric number more; the mean is 5. */
    private static final double MEAN_EXTRA_VIEWS = 4;
    private static final int MAX_VIEWS = 40;
    /** Share of views in the session's category; the rest wander anywhere in the shop. */
    private static final double FOCUS_SHARE = 0.75;
    private static final long MIN_GAP_MS = 500;
    private static final double MEAN_VIEW_GAP_MS = 20_000;
    private static final double MEAN_CART_GAP_MS = 6_000;
    private static final double MEAN_CHECKOUT_GAP_MS = 45_000;
    private static final double MEAN_NEXT_PURCHASE_GAP_MS = 2_000;

    private final ProductCatalog catalog;
    private final UserPool users;
    private final Funnel funnel;

    SessionPlanner(ProductCatalog catalog, UserPool users, Funnel funnel) {
        this.catalog = catalog;
        this.users = users;
        this.funnel = funnel;
    }

    ShoppingSession plan(Instant end, RandomGenerator random) {
        Category focus = catalog.pick(random).category();
        int views = 1 + Math.min(MAX_VIEWS - 1, geometric(MEAN_EXTRA_VIEWS, random));
        List<Step> steps = new ArrayList<>();
        List<Product> cart = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < views; i++) {
            Product product = random.nextDouble() < FOCUS_SHARE ? catalog.pickIn(focus, random) : catalog.pick(random);
            at += i == 0 ? 0 : gap(MEAN_VIEW_GAP_MS, random);
            steps.add(new Step(EventType.VIEW, product, at));
            if (random.nextDouble() < funnel.addToCartRatio()) {
                at += gap(MEAN_CART_GAP_MS, random);
                steps.add(new Step(EventType.ADD_TO_CART, product, at));
                cart.add(product);
            }
        }
        boolean firstPurchase = true;
        for (Product product : cart) {
            if (random.nextDouble() < funnel.checkoutShare()) {
                at += gap(firstPurchase ? MEAN_CHECKOUT_GAP_MS : MEAN_NEXT_PURCHASE_GAP_MS, random);
                steps.add(new Step(EventType.PURCHASE, product, at));
                firstPurchase = false;
            }
        }
        Instant start = end.minusMillis(at);
        List<PlannedEvent> events = new ArrayList<>(steps.size());
        for (Step step : steps) {
            events.add(new PlannedEvent(step.type(), step.product(), start.plusMillis(step.offsetMs())));
        }
        return new ShoppingSession(users.pick(random), events);
    }

    private record Step(EventType type, Product product, long offsetMs) {
    }

    /** Failures before the first success, for a mean of {@code mean}. */
    private static int geometric(double mean, RandomGenerator random) {
        double stop = 1 / (1 + mean);
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - stop));
    }

    /** A think time: exponential around the mean, never shorter than {@link #MIN_GAP_MS}. */
    private static long gap(double meanMs, RandomGenerator random) {
        return MIN_GAP_MS + (long) (meanMs * random.nextExponential());
    }
}
