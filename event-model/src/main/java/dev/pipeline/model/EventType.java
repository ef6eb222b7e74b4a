package dev.pipeline.model;

import java.util.Optional;

/** The three kinds of event a shop emits, with their wire names. */
public enum EventType {
    VIEW("view"),
    ADD_TO_CART("add_to_cart"),
    PURCHASE("purchase");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in JSON, CSV and the {@code user_events.event_type} column. */
    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
