package dev.pipeline.collector.tracking.snowplow;

import static dev.pipeline.collector.tracking.TrackedEvent.first;
import static dev.pipeline.collector.validation.BadRequestException.badRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.pipeline.model.json.EventJson;
import dev.pipeline.model.validation.EventRejectedException;
import dev.pipeline.model.validation.Reason;
import dev.pipeline.model.validation.Rejection;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Snowplow's tracker protocol onto pipeline events: self-describing events of the Snowplow
 * e-commerce action schema map by their {@code type} ({@code product_view} → view, {@code
 * add_to_cart} → add to cart, {@code transaction} → one purchase per product entity at price ×
 * quantity), taking the products from the event's {@code product} entities. Every other event
 * (page views, other schemas, the legacy {@code tr}/{@code ti} e-commerce) is kept in
 * {@code error/} as {@code unmapped_event}.
 */
public final class SnowplowMapper {

    static final String PAYLOAD_DATA = "iglu:com.snowplowanalytics.snowplow/payload_data/";
    static final String ACTION = "iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-";
    static final String PRODUCT = "iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-";

    /** What the mapping reads of an event; the rest (page, browser, geo, ...) is only kept as text. */
    private static final Set<String> READ = Set.of("e", "eid", "uid", "duid", "nuid", "ttm", "dtm", "ue_pr", "ue_px", "co", "cx");
    private static final JsonEnvelope PAYLOAD = new JsonEnvelope("tp2", "data", "an event", READ);

    private static final Map<String, EventType> ACTIONS = Map.of(
            "product_view", EventType.VIEW,
            "add_to_cart", EventType.ADD_TO_CART,
            "transaction", EventType.PURCHASE);

    private final int maxRecords;

    /** @param maxRecords most events and kept records a request may make (COLLECTOR_MAX_EVENTS), else a 413 */
    public SnowplowMapper(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    /** {@code POST /com.snowplowanalytics.snowplow/tp2}: {@code {"schema":"…payload_data…","data":[event, ...]}}. */
    public DecodedRequest post(byte[] body, Instant receivedAt) throws BadRequestException {
        MappedRequest mapped = new MappedRequest(maxRecords);
        PAYLOAD.read(body, event -> map(event, receivedAt, mapped), (field, parser) -> {
            if (field.equals("schema") && (parser.currentToken() != JsonToken.VALUE_STRING || !parser.getText().startsWith(PAYLOAD_DATA))) {
                throw badRequest("schema must be " + PAYLOAD_DATA + "jsonschema/1-0-*, got "
                        + (parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText() : JsonObjects.describe(parser.currentToken())));
            }
            parser.skipChildren();
        });
        return mapped.build();
    }

    /**
     * {@code GET /i?…}: one event in the query string. {@code params} are its decoded parameters,
     * {@code query} the query string as sent, which a quarantine record keeps.
     */
    public DecodedRequest pixel(String query, Map<String, String> params, Instant receivedAt) throws BadRequestException {
        if (!params.containsKey("e")) {
            throw badRequest("GET /i carries one Snowplow event in its query string, and this one has no e parameter");
        }
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        params.forEach(event::put);
        byte[] text = query.getBytes(StandardCharsets.UTF_8);
        MappedRequest mapped = new MappedRequest(maxRecords);
        map(new RawEvent(0, event, text, 0, text.length), receivedAt, mapped);
        return mapped.build();
    }

    private static void map(RawEvent message, Instant receivedAt, MappedRequest out) throws BadRequestException {
        JsonNode event = message.json();
        String e = event.path("e").asText("");
        if (!e.equals("ue")) {
            out.unmapped(message, e.equals("pv") ? "a page view (e=pv)" : "an event of type e=" + (e.isEmpty() ? "(none)" : e));
            return;
        }
        JsonNode selfDescribing;
        try {
            selfDescribing = embedded(event, "ue_pr", "ue_px").path("data");
        } catch (EventRejectedException unreadable) {
            out.keep(message, unreadable.rejection());
            return;
        }
        String schema = selfDescribing.path("schema").asText("");
        if (!schema.startsWith(ACTION)) {
            out.unmapped(message, schema.isEmpty() ? "a self-describing event without a schema" : "a self-describing event of " + schema);
            return;
        }
        String action = selfDescribing.path("data").path("type").asText("");
        EventType type = ACTIONS.get(action);
        if (type == null) {
            out.unmapped(message, "the e-commerce action \"" + action + "\"");
            return;
        }
        List<JsonNode> products;
        try {
            products = products(embedded(event, "co", "cx"));
        } catch (EventRejectedException unreadable) {
            out.keep(message, unreadable.rejection());
            return;
        }
        if (products.isEmpty()) {
            out.keep(message, new Rejection(Reason.MISSING_FIELD,
                    "the " + action + " action has no product entity (" + PRODUCT + "*) in its contexts"));
            return;
        }
        JsonNode userId = first(event.get("uid"), event.get("duid"), event.get("nuid"));
        JsonNode timestamp = first(event.get("ttm"), event.get("dtm"));
        JsonNode when = timestamp != null ? timestamp : TrackedEvent.received(receivedAt);
        for (int i = 0; i < products.size(); i++) {
            JsonNode product = products.get(i);
            try {
                JsonNode price = type == EventType.PURCHASE
                        ? TrackedEvent.purchasePrice(product.get("price"), product.get("quantity"))
                        : product.get("price");
                out.event(message, TrackedEvent.of(EventIds.of(Protocol.SNOWPLOW, event.get("eid"), message, i, products.size()),
                        userId, type, product.get("id"), price, when));
            } catch (EventRejectedException wrong) {
                out.keep(message, new Rejection(wrong.rejection().reason(), "product " + i + ": " + wrong.rejection().message()));
            }
        }
    }

    /** The data of every product entity among the contexts; other entities (page, cart, transaction) are not products. */
    private static List<JsonNode> products(JsonNode contexts) {
        List<JsonNode> products = new ArrayList<>();
        for (JsonNode entity : contexts.path("data")) {
            if (entity.path("schema").asText("").startsWith(PRODUCT) && entity.path("data").isObject()) {
                products.add(entity.get("data"));
            }
        }
        return products;
    }

    /**
     * A JSON value the event carries as a string, plain ({@code plain}: {@code ue_pr}, {@code co}) or
     * base64url ({@code encoded}: {@code ue_px}, {@code cx}; padding optional, the standard alphabet
     * accepted too); a missing node when it carries neither.
     */
    private static JsonNode embedded(JsonNode event, String plain, String encoded) throws EventRejectedException {
        try {
            if (event.hasNonNull(plain)) {
                return orMissing(EventJson.MAPPER.readTree(event.get(plain).asText()));
            }
            if (event.hasNonNull(encoded)) {
                // Straight from the decoded bytes: no String in between, and Jackson's byte parser.
                return orMissing(EventJson.MAPPER.readTree(base64(encoded, event.get(encoded).asText())));
            }
            return JsonNodeFactory.instance.missingNode();
        } catch (JsonProcessingException e) {
            throw new EventRejectedException(Reason.TRACKER_PAYLOAD, fieldOf(event, plain, encoded) + " does not hold JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new EventRejectedException(Reason.TRACKER_PAYLOAD, fieldOf(event, plain, encoded) + " is unreadable: "
                    + e.getMessage());
        } catch (NumberFormatException e) {
            // A number whose exponent is beyond an int (1e9999999999): Jackson throws this unchecked
            // while it builds the tree with BigDecimals.
            throw new EventRejectedException(Reason.TRACKER_PAYLOAD, fieldOf(event, plain, encoded)
                    + " holds a number beyond the parser's limits");
        }
    }

    /** Jackson reads empty content as {@code null}. */
    private static JsonNode orMissing(JsonNode tree) {
        return tree == null ? JsonNodeFactory.instance.missingNode() : tree;
    }

    private static String fieldOf(JsonNode event, String plain, String encoded) {
        return event.hasNonNull(plain) ? plain : encoded;
    }

    private static byte[] base64(String field, String text) throws EventRejectedException {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException notUrlSafe) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException notBase64) {
                throw new EventRejectedException(Reason.TRACKER_PAYLOAD, field + " is not base64url: " + notUrlSafe.getMessage());
            }
        }
    }
}
