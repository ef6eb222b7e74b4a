package dev.pipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tracker bodies of the load client: the SDKs' shapes, the counts they claim, ids unique per batch. */
class TrackerBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void segmentBatchesAreAnalyticsNodesWithTheirEventCount() throws Exception {
        SegmentBodies bodies = new SegmentBodies("benchrun1", 100, "key-1");
        assertThat(bodies.messagesPerBody()).isEqualTo(100);
        assertThat(bodies.eventsPerBody()).isEqualTo(115); // per 20: 12 viewed, 5 added, orders of 1 + 2 + 3
        JsonNode body = JSON.readTree(bodies.body(7));
        assertThat(body.path("writeKey").asText()).isEqualTo("key-1");
        assertThat(bodies.body(7)).hasSize(bodies.bytesPerBody());
        int events = 0;
        Set<String> ids = new HashSet<>();
        for (JsonNode message : body.path("batch")) {
            assertThat(message.path("type").asText()).isEqualTo("track");
            assertThat(message.has("context") && message.has("integrations") && message.has("_metadata")).isTrue();
            String id = message.path("messageId").asText();
            assertThat(id).matches("node-next-\\d{13}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-000000000007").hasSize(60);
            ids.add(id);
            events += message.path("event").asText().equals("Order Completed") ? message.path("properties").path("products").size() : 1;
        }
        assertThat(events).isEqualTo(115);
        assertThat(ids).hasSize(100);
        assertThat(JSON.readTree(bodies.body(8)).path("batch").get(0).path("messageId").asText()).endsWith("000000000008");
        assertThat(SegmentBodies.authorization("key-1")).isEqualTo("Basic " + Base64.getEncoder().encodeToString("key-1:".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void snowplowBodiesAreTheNodeTrackersWithTheirEventCount() throws Exception {
        SnowplowBodies bodies = new SnowplowBodies("benchrun1", 40);
        assertThat(bodies.eventsPerBody()).isEqualTo(46);
        JsonNode body = JSON.readTree(bodies.body(123));
        assertThat(body.path("schema").asText()).isEqualTo("iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4");
        int products = 0;
        List<String> types = new ArrayList<>();
        for (JsonNode event : body.path("data")) {
            event.fields().forEachRemaining(field -> assertThat(field.getValue().isTextual()).as(field.getKey()).isTrue());
            assertThat(event.path("eid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-000000000123");
            assertThat(event.path("ue_px").asText()).doesNotContain("=", "+", "/");
            JsonNode ue = JSON.readTree(Base64.getUrlDecoder().decode(event.path("ue_px").asText()));
            types.add(ue.path("data").path("data").path("type").asText());
            for (JsonNode entity : JSON.readTree(Base64.getUrlDecoder().decode(event.path("cx").asText())).path("data")) {
                products += entity.path("schema").asText().contains("/product/") ? 1 : 0;
            }
        }
        assertThat(products).isEqualTo(46);
        assertThat(types.subList(0, 20)).containsExactly("product_view", "product_view", "product_view", "product_view", "product_view",
                "product_view", "product_view", "product_view", "product_view", "product_view", "product_view", "product_view",
                "add_to_cart", "add_to_cart", "add_to_cart", "add_to_cart", "add_to_cart", "transaction", "transaction", "transaction");
    }
}
