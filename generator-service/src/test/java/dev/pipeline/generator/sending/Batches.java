package dev.pipeline.generator.sending;

import dev.pipeline.generator.injection.InvalidEvents;
import dev.pipeline.generator.injection.OutgoingEvent;
import dev.pipeline.generator.session.Shop;
import dev.pipeline.generator.session.ShopTraffic;

/** Batches for tests. */
final class Batches {

    private static final ShopTraffic TRAFFIC = Shop.traffic(61);

    private Batches() {
    }

    static synchronized Batch valid(int events) {
        BatchBuilder builder = new BatchBuilder(events);
        for (int i = 0; i < events; i++) {
            builder.add(new OutgoingEvent(TRAFFIC.next(), OutgoingEvent.Kind.FRESH, null));
        }
        return builder.build();
    }

    /** {@code valid} good events, then {@code invalid} bad ones breaking the rules in turn. */
    static synchronized Batch mixed(int valid, int invalid) {
        BatchBuilder builder = new BatchBuilder(valid + invalid);
        for (int i = 0; i < valid; i++) {
            builder.add(new OutgoingEvent(TRAFFIC.next(), OutgoingEvent.Kind.FRESH, null));
        }
        InvalidEvents rules = new InvalidEvents();
        for (int i = 0; i < invalid; i++) {
            builder.add(new OutgoingEvent(TRAFFIC.next(), OutgoingEvent.Kind.INVALID, rules.nextRule()));
        }
        return builder.build();
    }
}
