package dev.pipeline.collector.tracking;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.collector.validation.BadRequestException;
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
 *
 * <p>One message can make many of them (an order one per product), so what one request makes is
 * bounded while it is built, not only once built: at most {@code maxRecords}, else a 413. The records
 * kept of one message share one copy of its text.
 */
public final class MappedRequest {

    private final int maxRecords;
    private final List<RawEvent> events = new ArrayList<>();
    private final List<RejectedEvent> kept = new ArrayList<>();
    private RawEvent textOf;
    private String text;

    /** @param maxRecords most events and kept records the request may make (COLLECTOR_MAX_EVENTS) */
    public MappedRequest(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    /** A pipeline event that {@code message} maps to. */
    public void event(RawEvent message, ObjectNode event) throws BadRequestException {
        count();
        events.add(new RawEvent(message.index(), event, message.body(), message.start(), message.end()));
    }

    /** A message that is not an e-commerce event; {@code what} names it for people, e.g. "a page call". */
    public void unmapped(RawEvent message, String what) throws BadRequestException {
        keep(message, new Rejection(Reason.UNMAPPED_EVENT,
                what + " is not one of the e-commerce events the pipeline stores; kept here, not loaded"));
    }

    /** A message that maps to events but cannot be turned into them (no products in an order, ...). */
    public void keep(RawEvent message, Rejection why) throws BadRequestException {
        count();
        if (message != textOf) {
            textOf = message;
            text = message.originalText();
        }
        kept.add(new RejectedEvent(message.index(), why, text));
    }

    private void count() throws BadRequestException {
        if (events.size() + kept.size() >= maxRecords) {
            // Refused before it is all built: 5 MiB of "products":[1,1,...] is over two million records.
            throw BadRequestException.tooLarge("the request makes more than " + maxRecords
                    + " events (COLLECTOR_MAX_EVENTS; an order makes one per product); split the batch");
        }
    }

    public DecodedRequest build() {
        return new DecodedRequest(events, kept);
    }
}
