package dev.pipeline.collector.api;

import static dev.pipeline.collector.Events.json;
import static dev.pipeline.collector.Events.uniqueId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pipeline.collector.CollectorTestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Health, metrics and the OpenAPI document. */
@QuarkusTest
@QuarkusTestResource(CollectorTestData.class)
class EndpointsTest {

    @Test
    void healthIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'event-writer' }.status", equalTo("UP"));
    }

    @Test
    void metricsCountEventsFsyncsAndRequestsByStatus() {
        given().contentType("application/json").body(json(uniqueId("metrics")).getBytes(StandardCharsets.UTF_8))
                .post("/events").then().statusCode(202);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("collector_events_accepted_total"))
                .body(containsString("collector_events_rejected_total{reason=\"price_scale\"}"))
                .body(containsString("collector_fsync_seconds_count"))
                .body(containsString("collector_files_published_total"))
                .body(containsString("collector_written_bytes_total"))
                .body(containsString("collector_queue_bytes"))
                .body(containsString("http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"202\",uri=\"/events\"}"));
    }

    @Test
    void openApiDescribesPostEventsAndTheTrackerPaths() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/events"))
                .body(containsString("application/x-ndjson"))
                .body(containsString("/v1/batch"))
                .body(containsString("/com.snowplowanalytics.snowplow/tp2"));
    }
}
