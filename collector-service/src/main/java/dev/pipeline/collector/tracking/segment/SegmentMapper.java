package dev.pipeline.collector.tracking.segment;

import static dev.pipeline.collector.validation.BadRequestException.badRequest;
import static dev.pipeline.collector.tracking.TrackedEvent.first;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.collector.config.Protocol;
import dev.pipeline.collector.tracking.EventIds;
import dev.pipeline.collector.tracking.JsonEnvelope;
import dev.pipeline.collector.tracking.MappedRequest;
import dev.pipeline.collector.tracking.TrackedEvent;
import dev.pipeline.collector.validation.BadRequestException;
import dev.pipeline.collector.validation.DecodedRequest;
import dev.pipeline.collector.validation.JsonObjects;
import dev.pipeline.collector.validation.RawEvent;
import dev.pipeline.model.EventType;
import dev.pipeline.model.validation.EventRejectedException;
import dev.pipeline.model.validation.Reason;
import dev.pipeline.model.validation.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /** What the mapping reads of a message; its context, integrations and traits are only kept as text. */
    private static final Set<String> READ = Set.of("type", "event", "properties", "userId", "anonymousId", "timestamp",
            "originalTimestamp", "messageId", "writeKey");
    private static final JsonEnvelope BATCH = new JsonEnvelope("/v1/batch", "batch", "a message", READ);

    private final int maxRecords;

    /** @param maxRecords most events and kept records a request may make (COLLECTOR_MAX_EVENTS), else a 413 */
    public SegmentMapper(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    /** {@code POST /v1/batch}: {@code {"batch":[message, ...], "sentAt":..., "writeKey":...}}. */
    public Mapped batch(byte[] body, Instant receivedAt) throws BadRequestException {
        MappedRequest mapped = new MappedRequest(maxRecords);
        // The body's writeKey, else the first message's (analytics.js puts it in each).
        String[] writeKey = new String[2];
        BATCH.read(body, message -> {
            map(message, message.json().path("type").asText(""), receivedAt, mapped);
            writeKey[1] = writeKey[1] != null ? writeKey[1] : text(message.json().get("writeKey"));
        }, (field, parser) -> {
            if (field.equals("writeKey") && parser.currentToken() == JsonToken.VALUE_STRING) {
                writeKey[0] = parser.getText();
            } else {
                parser.skipChildren();
            }
        });
        return new Mapped(mapped.build(), Optional.ofNullable(writeKey[0] != null ? writeKey[0] : writeKey[1]));
    }

    /** {@code POST /v1/<type>}: one message, whose type is the path's. */
    public Mapped single(String type, byte[] body, Instant receivedAt) throws BadRequestException {
        RawEvent message = JsonObjects.parse(body, body.length, parser -> {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                throw badRequest("a /v1/" + type + " body is one JSON message object, got " + JsonObjects.describe(root));
            }
            return JsonObjects.read(parser, body, 0, 0, READ);
        });
        MappedRequest mapped = new MappedRequest(maxRecords);
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
