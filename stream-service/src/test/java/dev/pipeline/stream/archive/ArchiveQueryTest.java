package dev.pipeline.stream.archive;

import static dev.pipeline.stream.RawFolder.publishCsv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.stream.EventsTable;
import dev.pipeline.stream.RawFolder;
import dev.pipeline.stream.StreamTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The service end to end with real Spark: a loaded file leaves {@code raw/} though no data follows,
 * its stored rows are in the Parquet archive once each (the duplicate and the bad line are not), and
 * the README's Spark SQL query over the archive answers.
 */
@QuarkusTest
@WithTestResource(StreamTestResource.class)
class ArchiveQueryTest {

    @Inject
    SparkSession spark;

    @Test
    void aLoadedFileLeavesRawAndItsRowsAreInTheArchiveOnce() {
        String p = RawFolder.uniquePrefix();
        String first = publishCsv(p + "first.csv", rows(p, 0, 6, "2026-11-30T10:00:00Z")
                + rows(p, 6, 4, "2026-12-01T10:00:00Z")
                + "bad,line\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> EventsTable.count(p) == 10);
        // No second file: the first must leave raw/ all the same.
        await().atMost(Duration.ofSeconds(30)).until(() -> !RawFolder.dataDir().resolve("raw").resolve(first).toFile().exists());

        String second = publishCsv(p + "second.csv", rows(p, 4, 8, "2026-12-01T10:00:00Z"));  // 4..9 stored already
        await().atMost(Duration.ofSeconds(60)).until(() -> EventsTable.count(p) == 12);
        await().atMost(Duration.ofSeconds(30)).until(() -> !RawFolder.dataDir().resolve("raw").resolve(second).toFile().exists());

        Dataset<Row> archived = archive().where("event_id LIKE '" + p + "%'");
        assertThat(archived.select("event_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 12).mapToObj(i -> p + i).toList());
        assertThat(archived.where("event_id = '" + p + "0'").select("event_date").first().get(0).toString())
                .isEqualTo("2026-11-30");
    }

    @Test
    void theReadmesRevenuePerDayQueryRunsOverTheArchive() {
        String p = RawFolder.uniquePrefix();
        // Purchases of 9.99 on two days far from any other test's.
        publishCsv(p + "sales.csv", rows(p, 0, 3, "2026-01-02T09:00:00Z").replace(",view,", ",purchase,")
                + rows(p, 3, 2, "2026-01-03T09:00:00Z").replace(",view,", ",purchase,"));
        await().atMost(Duration.ofSeconds(60)).until(() -> EventsTable.count(p) == 5);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                archive().where("event_id LIKE '" + p + "%'").count() == 5);

        archive().createOrReplaceTempView("events");
        List<Row> revenue = spark.sql("""
                SELECT event_date, SUM(price) AS revenue, COUNT(*) AS purchases
                FROM events
                WHERE event_type = 'purchase' AND event_date BETWEEN '2026-01-02' AND '2026-01-03'
                GROUP BY event_date
                ORDER BY event_date""").collectAsList();

        assertThat(revenue).extracting(row -> row.get(0).toString() + " " + row.get(1) + " " + row.get(2))
                .containsExactly("2026-01-02 29.97 3", "2026-01-03 19.98 2");
    }

    private Dataset<Row> archive() {
        return spark.read().parquet(RawFolder.dataDir().resolve("processed").toString());
    }

    private static String rows(String prefix, int from, int count, String eventTimestamp) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            rows.append(prefix).append(i).append(",u-1,view,p-1,9.99,").append(eventTimestamp)
                    .append(",2026-12-06T10:00:00Z\n");
        }
        return rows.toString();
    }
}
