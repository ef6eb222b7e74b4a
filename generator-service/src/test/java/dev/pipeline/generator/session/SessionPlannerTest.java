package dev.pipeline.generator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.model.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SessionPlannerTest {

    private static final Instant END = Instant.parse("2026-11-24T10:15:30.123Z");

    private final SessionPlanner planner = new SessionPlanner(Shop.CATALOG, Shop.USERS, Shop.DEFAULT_FUNNEL);
    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void timestampsAdvanceWithinASessionThatEndsWhenPlanned() {
        for (int s = 0; s < 10_000; s++) {
            List<PlannedEvent> events = steps(planner.plan(END, random));
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).timestamp()).isAfter(events.get(i - 1).timestamp());
            }
            assertThat(events.get(events.size() - 1).timestamp()).isEqualTo(END);
        }
    }

    @Test
    void sessionsFollowTheFunnel() {
        int purchases = 0;
        for (int s = 0; s < 10_000; s++) {
            List<PlannedEvent> events = steps(planner.plan(END, random));
            assertThat(events.get(0).type()).isEqualTo(EventType.VIEW);
            Set<Product> viewed = new HashSet<>();
            List<Product> cart = new ArrayList<>();
            for (PlannedEvent event : events) {
                switch (event.type()) {
                    case VIEW -> viewed.add(event.product());
                    case ADD_TO_CART -> {
                        assertThat(viewed).as("only viewed products go into the cart").contains(event.product());
                        cart.add(event.product());
                    }
                    case PURCHASE -> {
                        assertThat(cart).as("only carted products are bought").contains(event.product());
                        cart.remove(event.product());
                        purchases++;
                    }
                }
            }
        }
        assertThat(purchases).isGreaterThan(500);
    }

    @Test
    void mostViewsOfASessionStayInOneCategory() {
        int sameCategory = 0;
        int views = 0;
        for (int s = 0; s < 5_000; s++) {
            List<PlannedEvent> events = steps(planner.plan(END, random)).stream()
                    .filter(e -> e.type() == EventType.VIEW).toList();
            Category first = events.get(0).product().category();
            for (PlannedEvent event : events.subList(1, events.size())) {
                views++;
                sameCategory += event.product().category() == first ? 1 : 0;
            }
        }
        assertThat((double) sameCategory / views).isGreaterThan(0.5);
    }

    private static List<PlannedEvent> steps(ShoppingSession session) {
        List<PlannedEvent> events = new ArrayList<>();
        while (!session.isOver()) {
            events.add(session.next());
        }
        assertThat(events).isNotEmpty();
        return events;
    }
}
