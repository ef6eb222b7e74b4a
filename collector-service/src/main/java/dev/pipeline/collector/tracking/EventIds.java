package dev.pipeline.collector.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.collector.config.Protocol;
import dev.pipeline.collector.validation.RawEvent;
import dev.pipeline.model.validation.EventRejectedException;
import dev.pipeline.model.validation.EventRules;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The {@code event_id}s of a tracker message's events, derived only from what the message carries,
 * so that an SDK resending the message (after a timeout, say) makes the same ids, and the pipeline's
 * exactly-once per {@code event_id} keeps it to one row.
 */
public final class EventIds {

    private EventIds() {
    }

    /**
     * The id of event {@code index} of the {@code count} that {@code message} maps to. A message that
     * maps to one event keeps its own id ({@code messageId}, {@code eid}) when that is a valid
     * {@code event_id}; otherwise a name-based UUID of the protocol, the message id (its text when it
     * has none) and the index.
     */
    public static String of(Protocol protocol, JsonNode messageId, RawEvent message, int index, int count) {
        String own = messageId != null && messageId.isTextual() ? messageId.textValue() : null;
        if (count == 1 && own != null && isValid(own)) {
            return own;
        }
        String key = own != null && !own.isEmpty() ? own : message.originalText();
        return UUID.nameUUIDFromBytes((protocol.name() + '\n' + key + '\n' + index).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static boolean isValid(String id) {
        try {
            EventRules.eventId(id);
            return true;
        } catch (EventRejectedException e) {
            return false;
        }
    }
}
