package dev.pipeline.generator.session;

import java.time.Clock;
import java.util.SplittableRandom;

/** A catalogue and user pool built once for all tests (datafaker takes a moment), and traffic over them. */
public final class Shop {

    public static final ProductCatalog CATALOG = ProductCatalog.build(1000);
    public static final UserPool USERS = UserPool.build(10_000);
    public static final Funnel DEFAULT_FUNNEL = new Funnel(0.10, 0.03);

    private Shop() {
    }

    public static ShopTraffic traffic(long seed) {
        return traffic(DEFAULT_FUNNEL, seed);
    }

    public static ShopTraffic traffic(Funnel funnel, long seed) {
        return new ShopTraffic(CATALOG, USERS, funnel, new EventIds(), Clock.systemUTC(), new SplittableRandom(seed));
    }
}
