package dev.pipeline.stream.sink;

import static dev.pipeline.stream.RawFolder.publishCsv;
import static dev.pipeline.stream.RawFolder.quarantined;
import static dev.pipeline.stream.RawFolder.row;
import static dev.pipeline.stream.RawFolder.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.stream.EventsTable;
import dev.pipeline.stream.RawFolder;
import dev.pipeline.stream.StreamTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StreamTestResource.class)
class StreamToPostgresTest {

    @Inject
    MeterRegistry metrics;

    @Test
    void validDuplicateAndMalformedRowsAcrossFilesGiveExactCounts() {
        String p = RawFolder.uniquePrefix();
        double duplicatesBefore = counter("stream.duplicates.dropped");
        String a = publishCsv(p + "a.csv", rows(p, 0, 50)
                + row(p + 10)                                                    // duplicate within the file
                + row(p + "x1").replace("9.99", "9.999")                          // line 53: price_scale
                + "only,three,fields\n");                                         // line 54: csv_column_count
        String b = publishCsv(p + "b.csv", rows(p, 50, 50)
                + rows(p, 0, 10)                                                  // duplicates of the other file
                + row(p + "x2").replace(",view,", ",refund,"));                   // line 62: event_type_unknown

        await().atMost(Duration.ofSeconds(60)).until(() -> EventsTable.count(p) == 100);
        String c = publishCsv(p + "c.csv", rows(p, 20, 10) + rows(p, 100, 5));    // 10 already stored
        await().atMost(Duration.ofSeconds(60)).until(() -> EventsTable.count(p) == 105);

        assertThat(EventsTable.ids(p)).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 105).mapToObj(i -> p + i).toList());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(counter("stream.duplicates.dropped") - duplicatesBefore).isEqualTo(21.0));

        List<JsonNode> fromA = quarantined(a);
        assertThat(fromA).extracting(r -> r.get("reason_code").asText()).containsExactly("price_scale", "csv_column_count");
        assertThat(fromA).extracting(r -> r.get("source").asText()).containsExactly("raw/" + a + ":53", "raw/" + a + ":54");
        assertThat(fromA.get(1).get("raw").asText()).isEqualTo("only,three,fields");
        assertThat(fromA.get(0).get("reason").asText()).startsWith("price_scale: ");
        assertThat(quarantined(b)).extracting(r -> r.get("reason_code").asText()).containsExactly("event_type_unknown");
        assertThat(quarantined(b).get(0).get("source").asText()).isEqualTo("raw/" + b + ":62");
        assertThat(quarantined(c)).isEmpty();
    }

    private double counter(String name) {
        return metrics.counter(name).count();
    }
}
