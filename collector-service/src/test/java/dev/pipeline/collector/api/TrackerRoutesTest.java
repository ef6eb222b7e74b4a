package dev.pipeline.collector.api;

import static dev.pipeline.collector.Events.uniqueId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.collector.CollectorTestData;
import dev.pipeline.collector.DataFolder;
import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The tracker protocols over real HTTP, against the files they leave: the answers the SDKs expect,
 * events in raw/, unmapped calls in error/, the same limits as POST /events, and CORS for browsers.
 */
@QuarkusTest
@QuarkusTestResource(CollectorTestData.class)
class TrackerRoutesTest {

    private static final String SHOP = "http://shop.example";

    @ConfigProperty(name = "pipeline.data-dir")
    Path dataDir;

    private DataFolder data() {
        return new DataFolder(dataDir);
    }

    private static String viewed(String messageId, String userId) {
        return "{\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"" + userId + "\",\"messageId\":\"" + messageId
                + "\",\"properties\":{\"product_id\":\"p-1\",\"price\":12.5},\"timestamp\":\"2026-12-06T10:00:00.000Z\"}";
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void segmentBatchIsRecordedAndAnsweredAsTheSdksExpect() {
        String id = uniqueId("seg");
        String page = "{\"type\":\"page\",\"name\":\"" + id + "-page\",\"anonymousId\":\"a\"}";
        given().contentType("application/json").auth().preemptive().basic("any-key", "")
                .body("{\"batch\":[" + viewed(id, "u-seg") + "," + page + "],\"sentAt\":\"2026-12-06T10:00:01Z\"}")
                .post("/v1/batch").then().statusCode(200).body("success", equalTo(true));

        UserEvent view = data().awaitRaw(List.of(id)).get(0);
        assertThat(view.eventType()).isEqualTo(EventType.VIEW);
        assertThat(view.userId()).isEqualTo("u-seg");
        assertThat(view.price()).isEqualTo(new BigDecimal("12.50"));
        JsonNode kept = data().awaitQuarantined(id + "-page", 1).get(0);
        assertThat(kept.path("reason_code").asText()).isEqualTo("unmapped_event");
        assertThat(kept.path("source").asText()).contains("segment request");
        assertThat(kept.path("raw").asText()).isEqualTo(page);
    }

    @Test
    void rudderStacksGzipLabelledFormUrlencodedIsReadAsJson() throws IOException {
        String id = uniqueId("rudder");
        // Sent as bytes whatever the label: rest-assured would otherwise try to encode a form.
        given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.BINARY)))
                .contentType("application/x-www-form-urlencoded").header("Content-Encoding", "gzip")
                .body(gzip("{\"batch\":[" + viewed(id, "u-rudder") + "]}")).post("/v1/batch")
                .then().statusCode(200).body("success", equalTo(true));
        assertThat(data().awaitRaw(List.of(id))).hasSize(1);
    }

    @Test
    void segmentSingleCallPathsAndUnknownPaths() {
        String id = uniqueId("single");
        given().contentType("application/json").body(viewed(id, "u-single").replace("\"type\":\"track\",", ""))
                .post("/v1/track").then().statusCode(200).body("success", equalTo(true));
        assertThat(data().awaitRaw(List.of(id))).hasSize(1);
        given().contentType("application/json").body("{\"userId\":\"u\",\"traits\":{\"marker\":\"" + id + "-identify\"}}")
                .post("/v1/identify").then().statusCode(200);
        assertThat(data().awaitQuarantined(id + "-identify", 1).get(0).path("reason").asText())
                .startsWith("unmapped_event: a identify call");
        given().contentType("application/json").body("{}").post("/v1/purchase").then().statusCode(404)
                .body("error", containsString("/v1/batch"));
        given().contentType("application/json").body("{\"batch\":\"nope\"}").post("/v1/batch").then().statusCode(400)
                .body("error", containsString("batch must be an array"));
    }

    @Test
    void anOrderThatExpandsPastMaxEventsIsRefusedWholeAndNothingIsWritten() {
        String order = uniqueId("big-order");
        String products = IntStream.range(0, 10_001).mapToObj(i -> "{\"product_id\":\"p" + i + "\",\"price\":1}")
                .collect(Collectors.joining(","));
        given().contentType("application/json")
                .body("{\"batch\":[{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u\",\"messageId\":\"" + order
                        + "\",\"properties\":{\"products\":[" + products + "]}}]}")
                .post("/v1/batch").then().statusCode(413).body("error", containsString("COLLECTOR_MAX_EVENTS"));
        assertThat(data().quarantined(order)).isEmpty();
    }

    @Test
    void snowplowPostAndPixelAreRecorded() {
        String eid = uniqueId("sp");
        String ue = "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\",\"data\":{\"schema\":"
                + "\"iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2\",\"data\":{\"type\":\"transaction\"}}}";
        String co = "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\",\"data\":[{\"schema\":"
                + "\"iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0\",\"data\":{\"id\":\"sp-p\",\"price\":2.5,"
                + "\"quantity\":4,\"currency\":\"EUR\"}}]}";
        String body = "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4\",\"data\":[{\"e\":\"ue\","
                + "\"eid\":\"" + eid + "\",\"uid\":\"u-sp\",\"dtm\":\"1796590741803\",\"ue_pr\":" + json(ue) + ",\"co\":" + json(co) + "}]}";
        given().contentType("application/json; charset=UTF-8").body(body).post("/com.snowplowanalytics.snowplow/tp2")
                .then().statusCode(200);
        UserEvent purchase = data().awaitRaw(List.of(eid)).get(0);
        assertThat(purchase.eventType()).isEqualTo(EventType.PURCHASE);
        assertThat(purchase.price()).isEqualTo(new BigDecimal("10.00"));

        String pixelId = uniqueId("px");
        byte[] gif = given().queryParam("e", "ue").queryParam("eid", pixelId).queryParam("uid", "u-px")
                .queryParam("ue_px", base64url(ue.replace("transaction", "product_view"))).queryParam("cx", base64url(co))
                .get("/i").then().statusCode(200).contentType("image/gif").extract().asByteArray();
        assertThat(new String(gif, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        assertThat(data().awaitRaw(List.of(pixelId)).get(0).price()).as("a view keeps the unit price")
                .isEqualTo(new BigDecimal("2.50"));
        given().get("/i").then().statusCode(400).body("error", containsString("no e parameter"));
    }

    @Test
    void corsAllowsBrowserTrackersWithCredentialsOnEveryPath() {
        for (String path : List.of("/events", "/v1/batch", "/com.snowplowanalytics.snowplow/tp2")) {
            given().header("Origin", SHOP).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type").options(path).then()
                    .statusCode(200)
                    .header("Access-Control-Allow-Origin", SHOP)
                    .header("Access-Control-Allow-Credentials", "true")
                    .header("Access-Control-Allow-Methods", containsString("POST"))
                    .header("Access-Control-Allow-Headers", containsString("X-API-Key"))
                    .header("Vary", containsString("Origin"));
        }
        given().header("Origin", SHOP).contentType("application/json").body("{\"batch\":[]}").post("/v1/batch").then()
                .statusCode(200).header("Access-Control-Allow-Origin", SHOP).header("Access-Control-Allow-Credentials", "true")
                .header("Vary", containsString("Origin"));
        given().header("Origin", SHOP).contentType("application/json").body("[]").post("/events").then()
                .statusCode(400).header("Access-Control-Allow-Origin", SHOP).header("Access-Control-Allow-Credentials", "true");
    }

    @Test
    void unmappedCallsAreCountedInMetrics() {
        given().contentType("application/json").body("{\"type\":\"page\",\"name\":\"metrics\"}").post("/v1/page")
                .then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("collector_events_rejected_total{reason=\"unmapped_event\"}"));
        String metrics = given().get("/q/metrics").asString();
        double unmapped = metrics.lines().filter(l -> l.startsWith("collector_events_rejected_total{reason=\"unmapped_event\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(unmapped).isGreaterThanOrEqualTo(1);
    }

    private static String json(String text) {
        return dev.pipeline.collector.Events.quote(text);
    }

    private static String base64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
