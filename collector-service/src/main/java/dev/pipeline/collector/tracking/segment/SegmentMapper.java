package dev.pipeline.collector.tracking.segment;

import static dev.pipeline.collector.validation.BadRequestException.badRequest;
import static dev.pipeline.collector.tracking.TrackedEvent.first;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.collector.config.Protocol;
import dev.pipeline.collector.tracking.EventIds;
import dev.pipeline.collector.tracking.MappedRequest;
import dev.pipeline.collector.tracking.TrackedEvent;
import dev.pipeline.collector.validation.BadRequestException;
import dev.pipeline.collector.validation.DecodedRequest;
import dev.pipeline.collector.validation.JsonObjects;
import dev.pipeline.collector.validation.RawEvent;
import dev.pipeline.collector.validation.Utf8;
import dev.pipeline.model.EventType;
import dev.pipeline.model.json.EventJson;
import dev.pipeline.model.validation.EventRejectedException;
import dev.pipeline.model.validation.Reason;
import dev.pipeline.model.validation.Rejection;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Segment's HTTP Tracking API (also spoken by RudderStack's and Jitsu's SDKs) onto pipeline events,
 * after Segment's E-commerce Spec v2: {@code track "Product Viewed"} is a view, {@code "Product
 * Added"} an add to cart, {@code "Order Completed"} one purchase per product at unit price ×
 * quantity. Every other call is kept in {@code error/} as {@code unmapped_event}.
 */
public final class SegmentMapper {

    /** The single-call paths, {@code /v1/<type>}, and the message types a batch may hold. */
    public static final List<String> CALL_TYPES = List.of("track", "page", "screen", "identify", "group", "alias");

    /** A request's events and the write key its body carried, if any. */
    public record Mapped(DecodedRequest request, Optional<String> writeKey) {
    }

    private final int maxRecords;

    /** Without a bound on what a request makes while it is mapped. */
    public SegmentMapper() {
        this(Integer.MAX_VALUE);
    }

    /** @param maxRecords most events and kept records a request may make (COLLECTOR_MAX_EVENTS), else a 413 */
    public SegmentMapper(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    /** {@code POST /v1/batch}: {@code {"batch":[message, ...], "sentAt":..., "writeKey":...}}. */
    public Mapped batch(byte[] body, Instant receivedAt) throws BadRequestException {
        Utf8.check(body, body.length);
        MappedRequest mapped = new MappedRequest(maxRecords);
        String writeKey = null;
        boolean sawBatch = false;
        try (JsonParser parser = EventJson.parser(body, 0, body.length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw badRequest("a /v1/batch body is a JSON object {\"batch\":[...]}, got "
                        + JsonObjects.describe(parser.currentToken()));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("batch")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw badRequest("batch must be an array of messages, got " + JsonObjects.describe(value));
                    }
                    sawBatch = true;
                    int index = 0;
                    JsonToken token;
                    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                        if (token != JsonToken.START_OBJECT) {
                            throw badRequest("batch[" + index + "] is " + JsonObjects.describe(token) + ", not a message object");
                        }
                        RawEvent message = JsonObjects.read(parser, body, index++, 0);
                        map(message, message.json().path("type").asText(""), receivedAt, mapped);
                        writeKey = writeKey != null ? writeKey : text(message.json().get("writeKey"));
                    }
                } else if (field.equals("writeKey") && value == JsonToken.VALUE_STRING) {
                    writeKey = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw badRequest("unexpected content after the JSON object at " + JsonObjects.where(parser));
            }
        } catch (JsonProcessingException e) {
            throw JsonObjects.invalidJson(e, "");
        } catch (IOException e) {
            throw badRequest("unreadable body: " + e.getMessage());
        }
        if (!sawBatch) {
            throw badRequest("a /v1/batch body needs a \"batch\" array of messages");
        }
        return new Mapped(mapped.build(), Optional.ofNullable(writeKey));
    }

    /** {@code POST /v1/<type>}: one message, whose type is the path's. */
    public Mapped single(String type, byte[] body, Instant receivedAt) throws BadRequestException {
        Utf8.check(body, body.length);
        MappedRequest mapped = new MappedRequest(maxRecords);
        RawEvent message;
        try (JsonParser parser = EventJson.parser(body, 0, body.length)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                throw badRequest("a /v1/" + type + " body is one JSON message object, got " + JsonObjects.describe(root));
            }
            message = JsonObjects.read(parser, body, 0, 0);
            if (parser.nextToken() != null) {
                throw badRequest("unexpected content after the JSON object at " + JsonObjects.where(parser));
            }
        } catch (JsonProcessingException e) {
            throw JsonObjects.invalidJson(e, "");
        } catch (IOException e) {
            throw badRequest("unreadable body: " + e.getMessage());
        }
        map(message, type, receivedAt, mapped);
        return new Mapped(mapped.build(), Optional.ofNullable(text(message.json().get("writeKey"))));
    }

    private static void map(RawEvent message, String type, Instant receivedAt, MappedRequest out) throws BadRequestException {
        JsonNode m = message.json();
        if (!type.equals("track")) {
            out.unmapped(message, type.isEmpty() ? "a message without a type" : "a " + type + " call");
            return;
        }
        String name = m.path("event").asText("");
        JsonNode properties = m.path("properties");
        JsonNode userId = first(m.get("userId"), m.get("anonymousId"));
        JsonNode timestamp = first(m.get("timestamp"), m.get("originalTimestamp"));
        JsonNode when = timestamp != null ? timestamp : TrackedEvent.received(receivedAt);
        JsonNode messageId = m.get("messageId");
        EventType single = name.equalsIgnoreCase("Product Viewed") ? EventType.VIEW
                : name.equalsIgnoreCase("Product Added") ? EventType.ADD_TO_CART : null;
        if (single != null) {
            out.event(message, TrackedEvent.of(EventIds.of(Protocol.SEGMENT, messageId, message, 0, 1), userId, single,
                    productId(properties), properties.get("price"), when));
        } else if (name.equalsIgnoreCase("Order Completed")) {
            JsonNode products = properties.path("products");
            if (!products.isArray() || products.isEmpty()) {
                out.keep(message, new Rejection(Reason.MISSING_FIELD,
                        "Order Completed has no properties.products, so there is no purchase to record"));
                return;
            }
            List<JsonNode> items = new ArrayList<>(products.size());
            products.forEach(items::add);
            for (int i = 0; i < items.size(); i++) {
                JsonNode product = items.get(i);
                if (!product.isObject()) {
                    out.keep(message, new Rejection(Reason.WRONG_TYPE, "properties.products[" + i + "] is not an object"));
                    continue;
                }
                try {
                    JsonNode price = TrackedEvent.purchasePrice(product.get("price"), product.get("quantity"));
                    out.event(message, TrackedEvent.of(EventIds.of(Protocol.SEGMENT, messageId, message, i, items.size()),
                            userId, EventType.PURCHASE, productId(product), price, when));
                } catch (EventRejectedException e) {
                    out.keep(message, new Rejection(e.rejection().reason(),
                            "properties.products[" + i + "]: " + e.rejection().message()));
                }
            }
        } else {
            out.unmapped(message, name.isEmpty() ? "a track call without an event name" : "track \"" + name + "\"");
        }
    }

    /** Spec v2 names it {@code product_id}; v1 and many shops' code say {@code id}, some only {@code sku}. */
    private static JsonNode productId(JsonNode product) {
        return first(product.get("product_id"), product.get("id"), product.get("sku"));
    }

    private static String text(JsonNode value) {
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
