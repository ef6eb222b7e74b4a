package dev.pipeline.collector.tracking;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.collector.validation.DecodedRequest;
import dev.pipeline.collector.validation.RawEvent;
import dev.pipeline.collector.validation.RejectedEvent;
import dev.pipeline.model.validation.Reason;
import dev.pipeline.model.validation.Rejection;
import java.util.ArrayList;
import java.util.List;

/**
 * What a tracker request maps to, built message by message: pipeline events (validated afterwards
 * by the same rules as {@code POST /events}) and the messages kept in {@code error/} instead. Each
 * carries its tracker message's text, so a quarantine record shows what the tracker sent.
 */
public final class MappedRequest {

    private final List<RawEvent> events = new ArrayList<>();
    private final List<RejectedEvent> kept = new ArrayList<>();

    /** A pipeline event that {@code message} maps to. */
    public void event(RawEvent message, ObjectNode event) {
        events.add(new RawEvent(message.index(), event, message.body(), message.start(), message.end()));
    }

    /** A message that is not an e-commerce event; {@code what} names it for people, e.g. "a page call". */
    public void unmapped(RawEvent message, String what) {
        keep(message, new Rejection(Reason.UNMAPPED_EVENT,
                what + " is not one of the e-commerce events the pipeline stores; kept here, not loaded"));
    }

    /** A message that maps to events but cannot be turned into them (no products in an order, ...). */
    public void keep(RawEvent message, Rejection why) {
        kept.add(new RejectedEvent(message.index(), why, message.originalText()));
    }

    public DecodedRequest build() {
        return new DecodedRequest(events, kept);
    }
}
