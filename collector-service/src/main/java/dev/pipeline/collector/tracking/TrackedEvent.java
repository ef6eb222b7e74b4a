package dev.pipeline.collector.tracking;

import static dev.pipeline.model.EventFields.EVENT_ID;
import static dev.pipeline.model.EventFields.EVENT_TIMESTAMP;
import static dev.pipeline.model.EventFields.EVENT_TYPE;
import static dev.pipeline.model.EventFields.PRICE;
import static dev.pipeline.model.EventFields.PRODUCT_ID;
import static dev.pipeline.model.EventFields.USER_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.model.EventType;
import dev.pipeline.model.validation.EventRejectedException;
import dev.pipeline.model.validation.EventRules;
import dev.pipeline.model.validation.Reason;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Builds the pipeline event a tracker call maps to, in the JSON shape of {@code POST /events}, so
 * that the one set of rules ({@link dev.pipeline.model.json.EventJson}) validates it. Values are
 * copied as the tracker sent them: a wrong one is refused with the usual reason, not guessed at.
 */
public final class TrackedEvent {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private TrackedEvent() {
    }

    /** The event; a {@code null} value leaves its field out, which validation reports as missing. */
    public static ObjectNode of(String eventId, JsonNode userId, EventType type, JsonNode productId, JsonNode price,
            JsonNode timestamp) {
        ObjectNode event = NODES.objectNode();
        event.put(EVENT_ID, eventId);
        event.set(USER_ID, id(userId));
        event.put(EVENT_TYPE, type.wireName());
        event.set(PRODUCT_ID, id(productId));
        event.set(PRICE, price);
        event.set(EVENT_TIMESTAMP, timestamp);
        return event;
    }

    /** The first of {@code values} that is present and not an empty string, else {@code null}. */
    public static JsonNode first(JsonNode... values) {
        for (JsonNode value : values) {
            if (value != null && !value.isNull() && !value.isMissingNode() && !(value.isTextual() && value.textValue().isEmpty())) {
                return value;
            }
        }
        return null;
    }

    /** The time received, as the event's timestamp when the tracker sent none. */
    public static JsonNode received(Instant receivedAt) {
        return NODES.textNode(receivedAt.toString());
    }

    /**
     * A purchase's price: unit price × quantity (1 when absent), so the purchases of an order add up
     * to its revenue. A unit price that is not a number is passed on for validation to refuse.
     */
    public static JsonNode purchasePrice(JsonNode unitPrice, JsonNode quantity) throws EventRejectedException {
        JsonNode count = first(quantity);
        BigDecimal unit = decimal(unitPrice);
        if (count == null || unit == null) {
            return unitPrice;
        }
        BigDecimal times = decimal(count);
        if (times == null) {
            throw new EventRejectedException(Reason.WRONG_TYPE, "quantity must be a number, got " + EventRules.show(count.toString()));
        }
        try {
            return NODES.numberNode(unit.multiply(times));
        } catch (ArithmeticException e) {
            // Only exponents beyond an int's range get here (1E-2000000000 twice): far outside any price.
            throw new EventRejectedException(Reason.PRICE_RANGE, "price × quantity is outside 0 to 99999999.99");
        }
    }

    /** Ids are strings in the contract; a tracker's numeric id (product 507) is taken as its digits. */
    private static JsonNode id(JsonNode value) {
        if (value != null && value.isIntegralNumber()) {
            return NODES.textNode(value.asText());
        }
        return value;
    }

    private static BigDecimal decimal(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual() && value.textValue().length() <= 40) {
            try {
                return new BigDecimal(value.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
