package dev.pipeline.stream.api;

import static dev.pipeline.stream.RawFolder.publishCsv;
import static dev.pipeline.stream.RawFolder.rows;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pipeline.stream.EventsTable;
import dev.pipeline.stream.RawFolder;
import dev.pipeline.stream.StreamTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StreamTestResource.class)
class LagAndHealthTest {

    @Test
    void lagReportsTheLastBatchAndTheEndToEndLatency() {
        String p = RawFolder.uniquePrefix();
        publishCsv(p + "lag.csv", rows(p, 0, 20));
        await().atMost(Duration.ofSeconds(60)).until(() -> EventsTable.count(p) == 20);

        // Generous: on a busy 2-core machine one /lag answer can take seconds while a batch runs.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath lag = given().get("/lag").then().statusCode(200).extract().jsonPath();
            assertThat(lag.getBoolean("query_active")).isTrue();
            assertThat(lag.getLong("last_batch_id")).isGreaterThanOrEqualTo(0);
            assertThat(lag.getLong("last_batch_rows")).isPositive();
            assertThat(lag.getLong("last_batch_duration_ms")).isPositive();
            assertThat(lag.getDouble("processed_rows_per_second")).isPositive();
            // The rows were received 0 s before they were published and the query picks them up within seconds.
            assertThat(lag.getLong("e2e_latency_ms.rows")).isGreaterThanOrEqualTo(20);
            assertThat(lag.getLong("e2e_latency_ms.p50")).isBetween(1L, 60_000L);
            assertThat(lag.getLong("e2e_latency_ms.p99")).isGreaterThanOrEqualTo(lag.getLong("e2e_latency_ms.p50"));
            assertThat(lag.getMap("")).containsKeys("pending_files", "pending_bytes", "oldest_pending_age_ms",
                    "input_rows_per_second");
        });
    }

    @Test
    void pendingFilesAreWhatWaitsInRaw() {
        JsonPath lag = given().get("/lag").then().statusCode(200).extract().jsonPath();
        assertThat(lag.getLong("pending_files")).isGreaterThanOrEqualTo(0);
        assertThat(lag.getLong("pending_bytes")).isGreaterThanOrEqualTo(lag.getLong("pending_files") > 0 ? 1 : 0);
    }

    @Test
    void readyWhenTheQueryRunsAndTheDatabaseAnswers() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'stream-query' }.data.query_active", equalTo(true)));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsNameWhatTheStreamDid() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("stream_rows_written_total"))
                .body(containsString("stream_rows_quarantined_total"))
                .body(containsString("stream_duplicates_dropped_total"))
                .body(containsString("stream_batch_duration_seconds"))
                .body(containsString("stream_e2e_latency_seconds_bucket{le=\"0.8\"}"));
    }
}
