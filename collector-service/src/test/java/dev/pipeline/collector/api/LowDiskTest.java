package dev.pipeline.collector.api;

import static dev.pipeline.collector.Events.json;
import static dev.pipeline.collector.Events.uniqueId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pipeline.collector.CollectorTestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Free disk below COLLECTOR_MIN_FREE_DISK_BYTES (forced here by an impossible minimum): 503 and not ready. */
@QuarkusTest
@TestProfile(LowDiskTest.ImpossibleMinimum.class)
@QuarkusTestResource(CollectorTestData.class)
class LowDiskTest {

    public static class ImpossibleMinimum implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("collector.min-free-disk-bytes", Long.toString(Long.MAX_VALUE));
        }
    }

    @Test
    void refusesEventsAndReportsNotReady() {
        given().contentType("application/json").body(json(uniqueId("disk")).getBytes(StandardCharsets.UTF_8))
                .post("/events").then()
                .statusCode(503)
                .header("Retry-After", "10")
                .body("error", containsString("COLLECTOR_MIN_FREE_DISK_BYTES"));
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks[0].data.problem", containsString("free on the data disk"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
