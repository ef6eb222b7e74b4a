package dev.pipeline.generator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service as deployed: generating from startup against a stand-in collector. */
@QuarkusTest
@QuarkusTestResource(value = FakeCollectorResource.class, restrictToAnnotatedClass = true)
class GeneratorServiceTest {

    @BeforeEach
    void someEventsAcknowledged() {
        await().atMost(Duration.ofSeconds(30)).until(() -> stats().getLong("acked") >= 200 && stats().getLong("rejected") > 0);
    }

    @Test
    void statsCountWhatWasSentAndWhatBecameOfIt() {
        given().get("/stats").then().statusCode(200)
                .body("state", equalTo("running"))
                .body("sent", greaterThan(0))
                .body("acked", greaterThan(0))
                .body("rejected", greaterThan(0))
                .body("retries", equalTo(0))
                .body("failed", equalTo(0))
                .body("pending", notNullValue())
                .body("sent_by_type.view", greaterThan(0))
                .body("sent_by_type", hasKey("add_to_cart"))
                .body("sent_by_type", hasKey("purchase"))
                .body("duplicates_sent", notNullValue())
                .body("invalid_sent", greaterThan(0))
                .body("invalid_by_reason.missing_field", greaterThan(0))
                .body("invalid_by_reason", hasKey("timestamp_future"))
                .body("rate", notNullValue());
    }

    @Test
    void readyOnceTheCollectorTakesEventsAndLive() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'collector' }.data.state", equalTo("running"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsCountEventsByOutcomeTypeAndReason() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("generator_events_sent_total"))
                .body(containsString("generator_events_acked_total"))
                .body(containsString("generator_events_rejected_total"))
                .body(containsString("generator_events_failed_total"))
                .body(containsString("generator_requests_retried_total"))
                .body(containsString("generator_events_new_total{type=\"add_to_cart\"}"))
                .body(containsString("generator_events_invalid_total{reason=\"price_scale\"}"))
                .body(containsString("generator_events_duplicate_total"))
                .body(containsString("generator_batches_in_flight"));
    }

    @Test
    void pausedAndDrainedTheCountsReconcileThenItResumes() {
        given().post("/pause").then().statusCode(200).body("state", equalTo("paused"));
        await().atMost(Duration.ofSeconds(10)).until(() -> stats().getLong("pending") == 0);
        long sent = stats().getLong("sent");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> stats().getLong("sent") == sent);
        JsonPath drained = stats();
        assertThat(drained.getLong("acked") + drained.getLong("rejected") + drained.getLong("failed")).isEqualTo(sent);
        assertThat(drained.getLong("rejected")).as("the collector rejects exactly the events made invalid")
                .isEqualTo(drained.getLong("invalid_sent"));
        assertThat(drained.getLong("failed")).isZero();

        given().post("/resume").then().statusCode(200).body("state", equalTo("running"));
        await().atMost(Duration.ofSeconds(10)).until(() -> stats().getLong("sent") > sent);
    }

    @Test
    void listsTheCatalogue() {
        given().get("/catalog").then().statusCode(200)
                .body("size()", equalTo(50))
                .body("[0].product_id", equalTo("p-1"))
                .body("[0].name", notNullValue())
                .body("[0].category", notNullValue())
                .body("[0].price", greaterThan(0f));
    }

    private static JsonPath stats() {
        return given().get("/stats").then().statusCode(200).extract().jsonPath();
    }
}
