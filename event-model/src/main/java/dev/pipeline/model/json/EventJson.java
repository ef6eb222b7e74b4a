package dev.pipeline.model.json;

import static dev.pipeline.model.EventFields.EVENT_ID;
import static dev.pipeline.model.EventFields.EVENT_TIMESTAMP;
import static dev.pipeline.model.EventFields.EVENT_TYPE;
import static dev.pipeline.model.EventFields.PRICE;
import static dev.pipeline.model.EventFields.PRODUCT_ID;
import static dev.pipeline.model.EventFields.RECEIVED_AT;
import static dev.pipeline.model.EventFields.USER_ID;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.validation.EventRejectedException;
import dev.pipeline.model.validation.EventRules;
import dev.pipeline.model.validation.Reason;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The JSON form of an event: reading a parsed JSON object into a valid {@link UserEvent} (or a
 * rejection with its reason), and writing an event back as JSON.
 */
public final class EventJson {

    /**
     * A mapper that keeps prices exact (decimals are read as {@link BigDecimal}, never as double,
     * so 19.999 stays 19.999 and is refused instead of rounded) and refuses duplicated keys, whose
     * meaning differs between JSON parsers.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private EventJson() {
    }

    /**
     * Reads one event. Fields beyond the contract's are ignored.
     *
     * @param receivedAt when the collector received the event; the future bound is measured from it
     */
    public static UserEvent read(JsonNode node, Instant receivedAt) throws EventRejectedException {
        if (!node.isObject()) {
            throw new EventRejectedException(Reason.WRONG_TYPE, "an event must be a JSON object, got " + kind(node));
        }
        String eventId = EventRules.eventId(text(node, EVENT_ID));
        String userId = EventRules.identifier(USER_ID, text(node, USER_ID));
        var eventType = EventRules.eventType(text(node, EVENT_TYPE));
        String productId = EventRules.identifier(PRODUCT_ID, text(node, PRODUCT_ID));
        BigDecimal price = price(node.get(PRICE));
        Instant eventTimestamp = EventRules.notInFuture(timestamp(node.get(EVENT_TIMESTAMP)), receivedAt);
        return new UserEvent(eventId, userId, eventType, productId, price, eventTimestamp, receivedAt);
    }

    /** Writes the event as one JSON object; {@code received_at} only when set. */
    public static void write(UserEvent event, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField(EVENT_ID, event.eventId());
        json.writeStringField(USER_ID, event.userId());
        json.writeStringField(EVENT_TYPE, event.eventType().wireName());
        json.writeStringField(PRODUCT_ID, event.productId());
        json.writeFieldName(PRICE);
        json.writeNumber(event.price());
        json.writeStringField(EVENT_TIMESTAMP, event.eventTimestamp().toString());
        if (event.receivedAt() != null) {
            json.writeStringField(RECEIVED_AT, event.receivedAt().toString());
        }
        json.writeEndObject();
    }

    /** The event as a JSON string. */
    public static String toJson(UserEvent event) {
        StringWriter out = new StringWriter(200);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            write(event, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** A parser for a JSON body, configured like {@link #MAPPER}. */
    public static JsonParser parser(byte[] body, int offset, int length) throws IOException {
        return MAPPER.createParser(body, offset, length);
    }

    private static String text(JsonNode event, String field) throws EventRejectedException {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            throw new EventRejectedException(Reason.MISSING_FIELD, field + " is missing");
        }
        if (!value.isTextual()) {
            throw new EventRejectedException(Reason.WRONG_TYPE, field + " must be a string, got " + kind(value));
        }
        return value.textValue();
    }

    private static BigDecimal price(JsonNode value) throws EventRejectedException {
        if (value == null || value.isNull()) {
            throw new EventRejectedException(Reason.MISSING_FIELD, "price is missing");
        }
        if (value.isNumber()) {
            return EventRules.price(value.decimalValue());
        }
        if (value.isTextual()) {
            return EventRules.parsePrice(value.textValue());
        }
        throw new EventRejectedException(Reason.WRONG_TYPE,
                "price must be a number or a numeric string, got " + kind(value));
    }

    private static Instant timestamp(JsonNode value) throws EventRejectedException {
        if (value == null || value.isNull()) {
            throw new EventRejectedException(Reason.MISSING_FIELD, "event_timestamp is missing");
        }
        if (value.isTextual()) {
            return EventRules.parseTimestamp(EVENT_TIMESTAMP, value.textValue());
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return EventRules.epochMillis(EVENT_TIMESTAMP, value.longValue());
        }
        if (value.isNumber()) {
            throw new EventRejectedException(Reason.TIMESTAMP_FORMAT,
                    "event_timestamp " + EventRules.show(value.asText())
                            + " is not whole epoch milliseconds within the range of a long");
        }
        throw new EventRejectedException(Reason.WRONG_TYPE,
                "event_timestamp must be an ISO-8601 string or epoch milliseconds, got " + kind(value));
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
