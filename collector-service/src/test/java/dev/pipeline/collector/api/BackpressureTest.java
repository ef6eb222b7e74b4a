package dev.pipeline.collector.api;

import static dev.pipeline.collector.Events.json;
import static dev.pipeline.collector.Events.uniqueId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.pipeline.collector.CollectorTestData;
import dev.pipeline.collector.DataFolder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A write queue too small for any request: every POST is a 503 with Retry-After, and nothing is written. */
@QuarkusTest
@TestProfile(BackpressureTest.TinyQueue.class)
@QuarkusTestResource(CollectorTestData.class)
class BackpressureTest {

    public static class TinyQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("collector.queue-max-bytes", "10");
        }
    }

    @ConfigProperty(name = "pipeline.data-dir")
    Path dataDir;

    @Test
    void fullQueueAnswers503WithRetryAfter() {
        String id = uniqueId("overload");
        given().contentType("application/json").body(json(id).getBytes(StandardCharsets.UTF_8)).post("/events").then()
                .statusCode(503)
                .header("Retry-After", notNullValue())
                .body("error", containsString("overloaded"));
        assertThat(new DataFolder(dataDir).rawEvents(List.of(id))).isEmpty();
        // Overload is momentary: the collector stays ready.
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
