package dev.pipeline.harness.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineIdsTest {

    @TempDir
    Path errorDir;

    @Test
    void findsTheIdInAJsonEventOrACsvLineAndNothingInGarbage() {
        assertThat(QuarantineIds.eventId("{\"event_id\":\"e-1#1\",\"price\":-1}")).isEqualTo("e-1#1");
        assertThat(QuarantineIds.eventId("{\"event_id\":42}")).isEqualTo("42");
        assertThat(QuarantineIds.eventId("{\"event_id\":{\"a\":1}}")).isNull();
        assertThat(QuarantineIds.eventId("{\"user_id\":\"u\"}")).isNull();
        assertThat(QuarantineIds.eventId("{not json")).isNull();
        assertThat(QuarantineIds.eventId("\"e-2\",u-1,view,p-1,1.00,2026-11-24T10:15:30Z,2026-11-24T10:15:31Z")).isEqualTo("e-2");
        assertThat(QuarantineIds.eventId("\"unterminated,quote")).isNull();
    }

    @Test
    void readsEachPublishedFileOnceAndSkipsUnfinishedOnesAndBadRecords() throws Exception {
        Files.writeString(errorDir.resolve("a.ndjson"), """
                {"reason":"empty: product_id is empty","reason_code":"empty","raw":"{\\"event_id\\":\\"e-1\\"}"}
                not a record
                {"reason":"x","reason_code":"csv_column_count","raw":"e-2,u,view"}
                """, StandardCharsets.UTF_8);
        Files.writeString(errorDir.resolve(".b.ndjson.tmp"), "{\"reason_code\":\"empty\",\"raw\":\"{\\\"event_id\\\":\\\"e-9\\\"}\"}\n");
        QuarantineIds quarantine = new QuarantineIds(errorDir);
        List<String> seen = new ArrayList<>();

        quarantine.readNew((id, reason) -> seen.add(id + "=" + reason));
        assertThat(seen).containsExactly("e-1=empty", "e-2=csv_column_count");

        Files.writeString(errorDir.resolve("c.ndjson"), "{\"reason_code\":\"too_long\",\"raw\":\"{\\\"event_id\\\":\\\"e-3\\\"}\"}\n");
        seen.clear();
        quarantine.readNew((id, reason) -> seen.add(id + "=" + reason));
        assertThat(seen).as("only the new file").containsExactly("e-3=too_long");
    }

    @Test
    void copyEscapingKeepsHostileIdsOnOneRow() {
        assertThat(Reconciliation.escape("a\tb\nc\\d\re\0f")).isEqualTo("a\\tb\\nc\\\\d\\re\uFFFDf");
    }
}
