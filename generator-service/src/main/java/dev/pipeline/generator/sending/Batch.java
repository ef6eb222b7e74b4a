package dev.pipeline.generator.sending;

import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.validation.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One request's worth of events: the JSON body, kept as bytes so that every retry sends exactly the
 * same events with the same ids, and what the body holds, for the counts and the acknowledgements.
 */
public final class Batch {

    private final byte[] body;
    private final int size;
    private final List<UserEvent> fresh;
    private final List<UserEvent> duplicates;
    private final List<InvalidEvent> invalid;
    private final Map<Reason, Integer> invalidByRule = new EnumMap<>(Reason.class);

    Batch(byte[] body, int size, List<UserEvent> fresh, List<UserEvent> duplicates, List<InvalidEvent> invalid) {
        this.body = body;
        this.size = size;
        this.fresh = Collections.unmodifiableList(fresh);
        this.duplicates = Collections.unmodifiableList(duplicates);
        this.invalid = Collections.unmodifiableList(invalid);
        invalid.forEach(event -> invalidByRule.merge(event.brokenRule(), 1, Integer::sum));
    }

    /** A JSON array of the events. */
    public byte[] body() {
        return body;
    }

    /** Events in the batch, of every kind. */
    public int size() {
        return size;
    }

    /** New valid events, in body order. */
    public List<UserEvent> fresh() {
        return fresh;
    }

    /** Acknowledged events sent again. */
    public List<UserEvent> duplicates() {
        return duplicates;
    }

    /** The invalid events, in body order: what the collector quarantines. */
    public List<InvalidEvent> invalid() {
        return invalid;
    }

    /** Invalid events by the rule they break. */
    public Map<Reason, Integer> invalidByRule() {
        return Collections.unmodifiableMap(invalidByRule);
    }

    public int validCount() {
        return fresh.size() + duplicates.size();
    }

    public int invalidCount() {
        return size - validCount();
    }

    /** The ids of the valid events, new and duplicated: what a 202 acknowledges. */
    public List<String> validIds() {
        List<String> ids = new ArrayList<>(validCount());
        fresh.forEach(e -> ids.add(e.eventId()));
        duplicates.forEach(e -> ids.add(e.eventId()));
        return ids;
    }

    /** New valid events of one type. */
    public int freshOfType(EventType type) {
        int count = 0;
        for (UserEvent event : fresh) {
            if (event.eventType() == type) {
                count++;
            }
        }
        return count;
    }
}
