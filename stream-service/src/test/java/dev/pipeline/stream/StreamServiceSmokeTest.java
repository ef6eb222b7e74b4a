package dev.pipeline.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The service starts and answers the endpoints every pipeline service has. */
@QuarkusTest
class StreamServiceSmokeTest {

    @Test
    void isLive() {
        given().get("/q/health/live").then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void isReadyAndSaysTheQueryIsNotStarted() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("stream-query"))
                .body("checks.find { it.name == 'stream-query' }.data.query", equalTo("not started: see issue 4"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("jvm_"));
    }
}
