package dev.pipeline.generator.sending;

import dev.pipeline.model.validation.Reason;

/**
 * An invalid event of a batch: the {@code event_id} it was sent with and the rule it breaks, which
 * is the reason the collector's quarantine record must give.
 */
public record InvalidEvent(String eventId, Reason brokenRule) {
}
