package dev.pipeline.stream.sink;

import static dev.pipeline.stream.RawFolder.publishCsv;
import static dev.pipeline.stream.RawFolder.rows;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipeline.stream.EventsTable;
import dev.pipeline.stream.RawFolder;
import dev.pipeline.stream.StreamTestResource;
import dev.pipeline.stream.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** PostgreSQL stopped and started again mid-stream: the batch waits, readiness says so, nothing is lost. */
@QuarkusTest
@WithTestResource(StreamTestResource.class)
class DatabaseOutageTest {

    @Test
    void batchesWaitForTheDatabaseAndLoseNothing() throws Exception {
        TestPostgres postgres = TestPostgres.get();
        assumeTrue(postgres.canStop(), "an external PostgreSQL (PIPELINE_TEST_JDBC_URL) is not ours to stop");
        String p = RawFolder.uniquePrefix();
        publishCsv(p + "before.csv", rows(p, 0, 100));
        await().atMost(Duration.ofSeconds(60)).until(() -> EventsTable.count(p) == 100);

        postgres.stop();
        try {
            publishCsv(p + "during-1.csv", rows(p, 100, 100));
            publishCsv(p + "during-2.csv", rows(p, 150, 100));   // 50 overlap with the file before
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                given().get("/q/health/ready").then().statusCode(503);
                assertThat(given().get("/lag").jsonPath().getString("failing_batch")).isNotNull();
            });
            assertThat(given().get("/lag").jsonPath().getBoolean("query_active")).isTrue();
        } finally {
            postgres.start();
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> EventsTable.count(p) == 250);
        assertThat(EventsTable.ids(p)).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 250).mapToObj(i -> p + i).toList());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        assertThat(given().get("/lag").jsonPath().getString("failing_batch")).isNull();
    }
}
