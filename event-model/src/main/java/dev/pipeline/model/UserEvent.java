package dev.pipeline.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One e-commerce user event, as it travels through the pipeline.
 *
 * <p>Instances are built by {@link dev.pipeline.model.json.EventJson} or
 * {@link dev.pipeline.model.csv.EventCsv}, which apply the contract's rules
 * ({@link dev.pipeline.model.validation.EventRules}); a {@code UserEvent} is therefore always valid.
 * {@code price} always has scale 2, the form PostgreSQL's {@code NUMERIC(10,2)} stores, so
 * equal events compare equal after any number of JSON and CSV hops.
 *
 * @param receivedAt when the collector accepted the event; {@code null} before that
 */
public record UserEvent(
        String eventId,
        String userId,
        EventType eventType,
        String productId,
        BigDecimal price,
        Instant eventTimestamp,
        Instant receivedAt) {

    public UserEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(eventTimestamp, "eventTimestamp");
    }

    /** The same event, stamped with the time the collector received it. */
    public UserEvent receivedAt(Instant when) {
        return new UserEvent(eventId, userId, eventType, productId, price, eventTimestamp, when);
    }
}
