package dev.pipeline.collector.tracking.snowplow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.collector.validation.BadRequestException;
import dev.pipeline.collector.validation.ValidatedRequest;
import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.json.EventJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Snowplow e-commerce mapping, with the payloads the node and browser trackers send (plain and base64). */
class SnowplowMapperTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-06T12:00:00Z");
    private final SnowplowMapper mapper = new SnowplowMapper(10_000);

    private static String action(String type) {
        return "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\",\"data\":{\"schema\":\""
                + SnowplowMapper.ACTION + "2\",\"data\":{\"type\":\"" + type + "\"}}}";
    }

    private static String product(String id, String price, Integer quantity) {
        return "{\"schema\":\"" + SnowplowMapper.PRODUCT + "0\",\"data\":{\"id\":\"" + id + "\",\"price\":" + price
                + ",\"currency\":\"EUR\"" + (quantity == null ? "" : ",\"quantity\":" + quantity) + "}}";
    }

    private static String contexts(String... entities) {
        return "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\",\"data\":["
                + String.join(",", entities) + "]}";
    }

    private static final String TRANSACTION_ENTITY = "{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/transaction/"
            + "jsonschema/1-0-0\",\"data\":{\"transaction_id\":\"t-1\",\"revenue\":41.48,\"currency\":\"EUR\"}}";
    private static final String PAGE_ENTITY = "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0\","
            + "\"data\":{\"id\":\"page-1\"}}";

    private static String base64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** One event of a tp2 body: every value a string, as the trackers send. */
    private static Map<String, String> event(String eid, String ue, String co, boolean encoded) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("e", "ue");
        event.put("eid", eid);
        event.put("uid", "u-1");
        event.put("duid", "d-1");
        event.put("dtm", "1796590741803");
        event.put(encoded ? "ue_px" : "ue_pr", encoded ? base64url(ue) : ue);
        event.put(encoded ? "cx" : "co", encoded ? base64url(co) : co);
        return event;
    }

    private ValidatedRequest post(List<Map<String, String>> events) throws Exception {
        String body = EventJson.MAPPER.writeValueAsString(Map.of(
                "schema", "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4", "data", events));
        return ValidatedRequest.of(mapper.post(body.getBytes(StandardCharsets.UTF_8), RECEIVED), RECEIVED);
    }

    @Test
    void productViewIsAViewWithTheTrackersEidAndDeviceTime() throws Exception {
        String eid = "1695067e-71ef-429b-9854-756bc7f2c1d3";
        for (boolean encoded : new boolean[] {false, true}) {
            UserEvent view = post(List.of(event(eid, action("product_view"),
                    contexts(PAGE_ENTITY, product("p-1", "19.99", null)), encoded))).valid().get(0);
            assertThat(view.eventId()).isEqualTo(eid);
            assertThat(view.eventType()).isEqualTo(EventType.VIEW);
            assertThat(view.userId()).as("uid before duid").isEqualTo("u-1");
            assertThat(view.productId()).isEqualTo("p-1");
            assertThat(view.price()).isEqualTo(new BigDecimal("19.99"));
            assertThat(view.eventTimestamp()).isEqualTo(Instant.ofEpochMilli(1796590741803L));
        }
    }

    @Test
    void transactionIsOnePurchasePerProductEntityNotPerTransactionEntity() throws Exception {
        Map<String, String> event = event("7b1a1a4e-0000-4000-8000-000000000001", action("transaction"),
                contexts(product("p-7", "10.745", 2), TRANSACTION_ENTITY, product("p-8", "19.99", null)), true);
        event.remove("uid");
        event.put("ttm", "1796590700000");
        List<UserEvent> purchases = post(List.of(event)).valid();
        assertThat(purchases).extracting(UserEvent::productId).containsExactly("p-7", "p-8");
        assertThat(purchases).extracting(UserEvent::price).containsExactly(new BigDecimal("21.49"), new BigDecimal("19.99"));
        assertThat(purchases).allSatisfy(p -> {
            assertThat(p.eventType()).isEqualTo(EventType.PURCHASE);
            assertThat(p.userId()).as("duid when there is no uid").isEqualTo("d-1");
            assertThat(p.eventTimestamp()).as("true timestamp before device time").isEqualTo(Instant.ofEpochMilli(1796590700000L));
        });
        assertThat(purchases).extracting(UserEvent::eventId).doesNotHaveDuplicates();
        assertThat(post(List.of(event)).valid()).as("a resent event makes the same ids")
                .extracting(UserEvent::eventId).containsExactlyElementsOf(purchases.stream().map(UserEvent::eventId).toList());
    }

    @Test
    void otherEventsAreKeptAsUnmappedAndUnreadablePayloadsWithTheirReason() throws Exception {
        Map<String, String> pageView = new LinkedHashMap<>(Map.of("e", "pv", "eid", "e-pv", "url", "http://shop.test/"));
        Map<String, String> otherAction = event("e-2", action("remove_from_cart"), contexts(product("p", "1", 1)), false);
        Map<String, String> notBase64 = event("e-3", action("product_view"), contexts(product("p", "1", 1)), true);
        notBase64.put("ue_px", "%%%not base64");
        Map<String, String> notJson = event("e-4", action("product_view"), contexts(product("p", "1", 1)), true);
        notJson.put("cx", base64url("{not json"));
        Map<String, String> noProduct = event("e-5", action("add_to_cart"), contexts(PAGE_ENTITY), false);
        ValidatedRequest request = post(List.of(pageView, otherAction, notBase64, notJson, noProduct));
        assertThat(request.valid()).isEmpty();
        assertThat(request.rejected()).extracting(r -> r.rejection().reason().code())
                .containsExactly("unmapped_event", "unmapped_event", "tracker_payload", "tracker_payload", "missing_field");
        assertThat(request.rejected().get(0).originalText()).contains("\"e\":\"pv\"");
    }

    @Test
    void thePixelCarriesOneEventInItsQueryString() throws Exception {
        Map<String, String> params = event("e-px", action("add_to_cart"), contexts(product("p-9", "5.00", 4)), true);
        String query = "e=ue&eid=e-px";
        ValidatedRequest request = ValidatedRequest.of(mapper.pixel(query, params, RECEIVED), RECEIVED);
        assertThat(request.valid()).singleElement().satisfies(added -> {
            assertThat(added.eventType()).isEqualTo(EventType.ADD_TO_CART);
            assertThat(added.price()).as("unit price").isEqualTo(new BigDecimal("5.00"));
        });
        assertThatThrownBy(() -> mapper.pixel("", Map.of(), RECEIVED)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("no e parameter");
    }

    @Test
    void aBodyThatIsNotPayloadDataIsRefusedWhole() {
        assertThatThrownBy(() -> mapper.post("{\"schema\":\"iglu:x/y/jsonschema/1-0-0\",\"data\":[]}".getBytes(StandardCharsets.UTF_8), RECEIVED))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("payload_data");
        assertThatThrownBy(() -> mapper.post("{\"data\":{}}".getBytes(StandardCharsets.UTF_8), RECEIVED))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("data must be an array");
        assertThatThrownBy(() -> mapper.post("e=pv".getBytes(StandardCharsets.UTF_8), RECEIVED))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("invalid JSON");
    }
}
