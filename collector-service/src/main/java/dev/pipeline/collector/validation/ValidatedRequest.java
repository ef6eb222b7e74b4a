package dev.pipeline.collector.validation;

import dev.pipeline.model.UserEvent;
import dev.pipeline.model.json.EventJson;
import dev.pipeline.model.validation.EventRejectedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The events of one request, split by the contract's rules into those to store and those to quarantine. */
public record ValidatedRequest(List<UserEvent> valid, List<RejectedEvent> rejected) {

    /**
     * Applies the event-model rules to each event; every event is stamped with the same receipt time.
     * What the request kept without it being an event comes first among the rejected.
     */
    public static ValidatedRequest of(DecodedRequest request, Instant receivedAt) {
        List<RawEvent> events = request.events();
        List<UserEvent> valid = new ArrayList<>(events.size());
        List<RejectedEvent> rejected = new ArrayList<>(request.kept());
        RawEvent textOf = null;
        String text = null;
        for (RawEvent event : events) {
            try {
                valid.add(EventJson.read(event.json(), receivedAt));
            } catch (EventRejectedException e) {
                // The events of one tracker message (an order's products) share its text: one copy, not one each.
                if (textOf == null || event.body() != textOf.body() || event.start() != textOf.start() || event.end() != textOf.end()) {
                    textOf = event;
                    text = event.originalText();
                }
                rejected.add(new RejectedEvent(event.index(), e.rejection(), text));
            }
        }
        return new ValidatedRequest(valid, rejected);
    }
}
