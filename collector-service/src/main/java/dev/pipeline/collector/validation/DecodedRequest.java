package dev.pipeline.collector.validation;

import java.util.List;

/**
 * A request body turned into events before the contract's rules are applied: the events to
 * validate, and what is kept in {@code error/} without being an event (a tracker call that maps to
 * no pipeline event, or one whose mapping failed), each with its reason.
 */
public record DecodedRequest(List<RawEvent> events, List<RejectedEvent> kept) {

    public static DecodedRequest of(List<RawEvent> events) {
        return new DecodedRequest(events, List.of());
    }

    public int size() {
        return events.size() + kept.size();
    }
}
