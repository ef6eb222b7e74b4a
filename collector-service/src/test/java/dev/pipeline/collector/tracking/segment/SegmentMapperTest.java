package dev.pipeline.collector.tracking.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.collector.validation.BadRequestException;
import dev.pipeline.collector.validation.DecodedRequest;
import dev.pipeline.collector.validation.RejectedEvent;
import dev.pipeline.collector.validation.ValidatedRequest;
import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The E-commerce Spec v2 mapping, message by message, as analytics-node and RudderStack send it. */
class SegmentMapperTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-06T12:00:00Z");
    private final SegmentMapper mapper = new SegmentMapper(10_000);

    private static final String VIEWED = """
            {"type":"track","event":"Product Viewed","userId":"u-1","anonymousId":"anon-1",
             "properties":{"product_id":"p-1","price":19.99,"name":"Mug"},
             "messageId":"node-next-1733486400000-5b0c1e0e-6a7b-4c1d-9e2f-3a4b5c6d7e8f","timestamp":"2026-12-06T11:00:00.000Z"}""";
    private static final String ADDED = """
            {"type":"track","event":"Product Added","anonymousId":"anon-2","properties":{"product_id":507,"price":"4.50","quantity":3},
             "messageId":"m-added","originalTimestamp":"2026-12-06T11:01:00Z"}""";
    private static final String ORDER = """
            {"type":"track","event":"Order Completed","userId":"u-3","messageId":"m-order",
             "properties":{"order_id":"o-1","revenue":41.48,"products":[
               {"product_id":"p-7","price":10.745,"quantity":2},{"sku":"sku-8","price":19.99}]}}""";

    private static String batch(String... messages) {
        return "{\"batch\":[" + String.join(",", messages) + "],\"writeKey\":\"wk\",\"sentAt\":\"2026-12-06T11:02:00Z\"}";
    }

    private ValidatedRequest map(String body) throws BadRequestException {
        return ValidatedRequest.of(mapper.batch(body.getBytes(StandardCharsets.UTF_8), RECEIVED).request(), RECEIVED);
    }

    @Test
    void productViewedIsAViewAtUnitPriceWithTheSdksMessageIdAsEventId() throws Exception {
        UserEvent view = map(batch(VIEWED)).valid().get(0);
        assertThat(view.eventType()).isEqualTo(EventType.VIEW);
        assertThat(view.eventId()).isEqualTo("node-next-1733486400000-5b0c1e0e-6a7b-4c1d-9e2f-3a4b5c6d7e8f");
        assertThat(view.userId()).as("userId before anonymousId").isEqualTo("u-1");
        assertThat(view.productId()).isEqualTo("p-1");
        assertThat(view.price()).isEqualTo(new BigDecimal("19.99"));
        assertThat(view.eventTimestamp()).isEqualTo(Instant.parse("2026-12-06T11:00:00Z"));
    }

    @Test
    void productAddedKeepsTheUnitPriceAndFallsBackToAnonymousIdAndOriginalTimestamp() throws Exception {
        UserEvent added = map(batch(ADDED)).valid().get(0);
        assertThat(added.eventType()).isEqualTo(EventType.ADD_TO_CART);
        assertThat(added.userId()).isEqualTo("anon-2");
        assertThat(added.productId()).as("a numeric product id is taken as its digits").isEqualTo("507");
        assertThat(added.price()).as("add_to_cart carries the unit price, not × quantity").isEqualTo(new BigDecimal("4.50"));
        assertThat(added.eventTimestamp()).isEqualTo(Instant.parse("2026-12-06T11:01:00Z"));
    }

    @Test
    void orderCompletedIsOnePurchasePerProductAtUnitPriceTimesQuantitySummingToRevenue() throws Exception {
        List<UserEvent> purchases = map(batch(ORDER)).valid();
        assertThat(purchases).hasSize(2).allSatisfy(p -> {
            assertThat(p.eventType()).isEqualTo(EventType.PURCHASE);
            assertThat(p.userId()).isEqualTo("u-3");
            assertThat(p.eventTimestamp()).as("no timestamp sent: the time received").isEqualTo(RECEIVED);
        });
        assertThat(purchases).extracting(UserEvent::productId).containsExactly("p-7", "sku-8");
        assertThat(purchases).extracting(UserEvent::price)
                .containsExactly(new BigDecimal("21.49"), new BigDecimal("19.99"));
        assertThat(purchases).extracting(UserEvent::eventId).doesNotHaveDuplicates().doesNotContain("m-order");
    }

    @Test
    void aResentMessageMakesTheSameEventIds() throws Exception {
        List<String> first = map(batch(ORDER, VIEWED)).valid().stream().map(UserEvent::eventId).toList();
        List<String> again = map(batch(VIEWED, ORDER)).valid().stream().map(UserEvent::eventId).toList();
        assertThat(again).containsExactlyInAnyOrderElementsOf(first);
    }

    @Test
    void everyOtherCallIsKeptAsUnmappedWithItsText() throws Exception {
        String page = "{\"type\":\"page\",\"name\":\"Home\",\"anonymousId\":\"a\"}";
        String identify = "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"email\":\"x@example.com\"}}";
        String other = "{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\"u\"}";
        ValidatedRequest request = map(batch(page, identify, other, VIEWED));
        assertThat(request.valid()).hasSize(1);
        assertThat(request.rejected()).extracting(r -> r.rejection().reason().code()).containsOnly("unmapped_event");
        assertThat(request.rejected()).extracting(RejectedEvent::originalText).containsExactly(page, identify, other);
        assertThat(request.rejected()).extracting(RejectedEvent::index).containsExactly(0, 1, 2);
        assertThat(request.rejected().get(2).rejection().message()).contains("\"Signed Up\"");
    }

    @Test
    void mappedEventsBreakingAFieldRuleAreRejectedWithTheUsualReason() throws Exception {
        String noProducts = "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u\",\"properties\":{\"products\":[]}}";
        String badQuantity = ORDER.replace("\"quantity\":2", "\"quantity\":\"two\"");
        String badPrice = VIEWED.replace("19.99", "19.999");
        ValidatedRequest request = map(batch(noProducts, badQuantity, badPrice));
        assertThat(request.rejected()).extracting(r -> r.rejection().reason().code())
                .containsExactlyInAnyOrder("missing_field", "wrong_type", "price_scale");
        assertThat(request.valid()).as("the order's valid product still becomes a purchase")
                .extracting(UserEvent::productId).containsExactly("sku-8");
    }

    @Test
    void singleCallTakesItsTypeFromThePathAndItsWriteKeyFromTheBody() throws Exception {
        String track = VIEWED.replace("{\"type\":\"track\",", "{\"writeKey\":\"wk-1\",");
        SegmentMapper.Mapped mapped = mapper.single("track", track.getBytes(StandardCharsets.UTF_8), RECEIVED);
        assertThat(mapped.writeKey()).contains("wk-1");
        assertThat(ValidatedRequest.of(mapped.request(), RECEIVED).valid()).hasSize(1);
        DecodedRequest page = mapper.single("page", VIEWED.getBytes(StandardCharsets.UTF_8), RECEIVED).request();
        assertThat(page.events()).isEmpty();
        assertThat(page.kept()).hasSize(1);
    }

    @Test
    void aBodyThatIsNotTheProtocolsJsonIsRefusedWhole() {
        assertThatThrownBy(() -> map("{\"batch\":{\"type\":\"track\"}}")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("batch must be an array");
        assertThatThrownBy(() -> map("[" + VIEWED + "]")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("a /v1/batch body is a JSON object");
        assertThatThrownBy(() -> map("{\"sentAt\":\"x\"}")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("needs a \"batch\" array");
        assertThatThrownBy(() -> map("{\"batch\":[1]}")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("batch[0] is a number");
        assertThatThrownBy(() -> map("{\"batch\":[" + VIEWED)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("invalid JSON");
    }
}
