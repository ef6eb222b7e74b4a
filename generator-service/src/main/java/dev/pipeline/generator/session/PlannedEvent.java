package dev.pipeline.generator.session;

import dev.pipeline.model.EventType;
import java.time.Instant;

/** One step of a planned session; it becomes an event, with its id, when it is sent. */
record PlannedEvent(EventType type, Product product, Instant timestamp) {
}
