package dev.pipeline.generator.session;

import java.util.List;

/** One visit of one user: its events in order, handed out one at a time. */
final class ShoppingSession {

    private final String userId;
    private final List<PlannedEvent> events;
    private int next;

    ShoppingSession(String userId, List<PlannedEvent> events) {
        this.userId = userId;
        this.events = List.copyOf(events);
    }

    String userId() {
        return userId;
    }

    PlannedEvent next() {
        return events.get(next++);
    }

    boolean isOver() {
        return next == events.size();
    }
}
