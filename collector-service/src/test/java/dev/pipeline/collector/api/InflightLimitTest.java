package dev.pipeline.collector.api;

import static dev.pipeline.collector.Events.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pipeline.collector.CollectorTestData;
import dev.pipeline.collector.Events;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bodies in memory at once are bounded (COLLECTOR_MAX_INFLIGHT_BYTES); the budget comes back after each answer. */
@QuarkusTest
@TestProfile(InflightLimitTest.SmallBudget.class)
@QuarkusTestResource(CollectorTestData.class)
class InflightLimitTest {

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("collector.max-inflight-bytes", "4096");
        }
    }

    private static byte[] body(int events) {
        return Events.array(Events.ids("inflight", events).stream().map(id -> json(id)).toList())
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bodyOverTheSharedBudgetIs503AndSmallOnesKeepPassing() {
        given().contentType("application/json").body(body(100)).post("/events").then()
                .statusCode(503)
                .header("Retry-After", "1")
                .body("error", containsString("COLLECTOR_MAX_INFLIGHT_BYTES"));
        // Were the budget not given back after each request, these would start failing.
        for (int i = 0; i < 50; i++) {
            given().contentType("application/json").body(body(10)).post("/events").then()
                    .statusCode(202).body("accepted", equalTo(10));
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void budgetIsGivenBackAfterRefusals() {
        for (int i = 0; i < 20; i++) {
            given().contentType("application/json").body(body(100)).post("/events").then().statusCode(503);
            given().contentType("application/json").body(List.of("x").toString().getBytes(StandardCharsets.UTF_8))
                    .post("/events").then().statusCode(400);
        }
        given().contentType("application/json").body(body(10)).post("/events").then().statusCode(202);
    }
}
