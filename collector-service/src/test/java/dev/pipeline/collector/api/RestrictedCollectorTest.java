package dev.pipeline.collector.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

import dev.pipeline.collector.CollectorTestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A collector locked down: a write key, Segment only beside POST /events (Snowplow off: its trackers
 * send no key), and one allowed browser origin.
 */
@QuarkusTest
@TestProfile(RestrictedCollectorTest.Restricted.class)
@QuarkusTestResource(CollectorTestData.class)
class RestrictedCollectorTest {

    private static final String SHOP = "https://shop.example";
    private static final String TRACK = "{\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"u\","
            + "\"properties\":{\"product_id\":\"p\",\"price\":1}}";

    public static class Restricted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("collector.api-key", "wk-secret", "collector.protocols", "events,segment",
                    "collector.cors-origins", SHOP + ",https://admin.shop.example");
        }
    }

    @Test
    void segmentTakesTheWriteKeyAsBasicUserOrInTheBody() {
        given().contentType("application/json").auth().preemptive().basic("wk-secret", "")
                .body("{\"batch\":[" + TRACK + "]}").post("/v1/batch").then().statusCode(200);
        given().contentType("application/json").body("{\"batch\":[" + TRACK + "],\"writeKey\":\"wk-secret\"}")
                .post("/v1/batch").then().statusCode(200);
        given().contentType("application/json").body(TRACK.replace("{", "{\"writeKey\":\"wk-secret\",")).post("/v1/track")
                .then().statusCode(200);
    }

    @Test
    void segmentWithoutTheRightWriteKeyIs401() {
        given().contentType("application/json").auth().preemptive().basic("wk-wrong", "")
                .body("{\"batch\":[" + TRACK + "]}").post("/v1/batch").then().statusCode(401)
                .body("error", containsString("write key"));
        given().contentType("application/json").body("{\"batch\":[" + TRACK + "],\"writeKey\":\"nope\"}")
                .post("/v1/batch").then().statusCode(401);
        given().contentType("application/json").body("{\"batch\":[" + TRACK + "]}").post("/v1/batch").then().statusCode(401)
                .body("error", containsString("HTTP Basic"));
    }

    @Test
    void aProtocolSwitchedOffIs404() {
        given().contentType("application/json").body("{\"data\":[]}").post("/com.snowplowanalytics.snowplow/tp2")
                .then().statusCode(404);
        given().queryParam("e", "pv").get("/i").then().statusCode(404);
    }

    @Test
    void onlyTheListedOriginsAreAllowed() {
        given().header("Origin", SHOP).header("Access-Control-Request-Method", "POST").options("/v1/batch").then()
                .statusCode(200).header("Access-Control-Allow-Origin", SHOP).header("Access-Control-Allow-Credentials", "true");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/v1/batch").then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example").auth().preemptive().basic("wk-secret", "")
                .contentType("application/json").body("{\"batch\":[" + TRACK + "]}").post("/v1/batch").then()
                .statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }
}
