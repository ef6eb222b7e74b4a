package dev.pipeline.collector.api;

import static dev.pipeline.collector.Events.json;
import static dev.pipeline.collector.Events.uniqueId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.pipeline.collector.CollectorTestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With COLLECTOR_API_KEY set, only requests carrying it get in (without it, see EventsRouteTest). */
@QuarkusTest
@TestProfile(ApiKeyTest.WithApiKey.class)
@QuarkusTestResource(CollectorTestData.class)
class ApiKeyTest {

    public static class WithApiKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("collector.api-key", "s3cret-key");
        }
    }

    private static byte[] body() {
        return json(uniqueId("key")).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void requestsWithoutTheKeyAre401() {
        given().contentType("application/json").body(body()).post("/events").then()
                .statusCode(401).body("error", containsString("X-API-Key"));
        given().contentType("application/json").header("X-API-Key", "s3cret-kez").body(body()).post("/events").then()
                .statusCode(401);
        given().contentType("application/json").header("X-API-Key", "s3cret-key-and-more").body(body()).post("/events")
                .then().statusCode(401);
    }

    @Test
    void requestsWithTheKeyAreAccepted() {
        given().contentType("application/json").header("X-API-Key", "s3cret-key").body(body()).post("/events").then()
                .statusCode(202);
    }

    @Test
    void healthNeedsNoKey() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
