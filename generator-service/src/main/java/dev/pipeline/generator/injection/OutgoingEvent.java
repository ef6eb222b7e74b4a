package dev.pipeline.generator.injection;

import dev.pipeline.model.UserEvent;
import dev.pipeline.model.validation.Reason;

/**
 * One event about to be sent, and what kind it is.
 *
 * @param brokenRule for {@link Kind#INVALID}, the rule its JSON breaks; null otherwise
 */
public record OutgoingEvent(UserEvent event, Kind kind, Reason brokenRule) {

    public enum Kind {
        /** A new, valid event. */
        FRESH,
        /** A valid event the collector has acknowledged before, sent again unchanged. */
        DUPLICATE,
        /** Built from a new event, but written so that it breaks {@link #brokenRule()}. */
        INVALID
    }
}
