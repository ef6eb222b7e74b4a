package dev.pipeline.model.validation;

import java.util.Objects;

/**
 * Why an event was refused: a stable {@link Reason} and a message for people.
 * {@link #toString()} gives the contract's form, e.g.
 * {@code price_scale: price 19.999 has more than 2 decimals}.
 */
public record Rejection(Reason reason, String message) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return reason.code() + ": " + message;
    }
}
