package dev.pipeline.stream.validation;

import static dev.pipeline.stream.RawFolder.publish;
import static dev.pipeline.stream.RawFolder.publishCsv;
import static dev.pipeline.stream.RawFolder.quarantined;
import static dev.pipeline.stream.RawFolder.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.model.csv.EventCsv;
import dev.pipeline.stream.EventsTable;
import dev.pipeline.stream.RawFolder;
import dev.pipeline.stream.StreamTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files no collector writes, dropped straight into raw/: valid rows exact, the rest quarantined with a reason.
 * One case each; {@link HostileFilesTest} has the rest of the hostile-file matrix.
 */
@QuarkusTest
@WithTestResource(StreamTestResource.class)
class BrokenCsvTest {

    private final String p = RawFolder.uniquePrefix();

    @Test
    void wrongColumnCountsAreQuarantined() {
        String file = publishCsv(p + "columns.csv", row(p + 1)
                + row(p + "few").replace(",p-1,9.99", "")
                + row(p + "many").replace("\n", ",extra\n")
                + row(p + 2));
        awaitRows(2);
        assertThat(reasons(file)).containsExactly("csv_column_count", "csv_column_count");
    }

    @Test
    void brokenQuotingIsQuarantined() {
        String file = publishCsv(p + "quoting.csv", row(p + 1)
                + "\"" + row(p + "open")
                + row(p + 2));
        awaitRows(2);
        assertThat(reasons(file)).containsExactly("csv_malformed");
        assertThat(quarantined(file).get(0).get("source").asText()).isEqualTo("raw/" + file + ":3");
    }

    /**
     * RFC 4180: a quoted field holding a line break makes one record of two lines. It is quarantined
     * once, for the rule the break breaks (user_id holds a control character), at its first line and
     * with both lines as its text; the rows around it load.
     */
    @Test
    void aQuotedFieldWithALineBreakIsOneRecordQuarantinedOnceAndTheRowsAroundItLoad() {
        String broken = row(p + "nl").replace(",u-1,", ",\"u-\n1\",");
        String file = publishCsv(p + "newline.csv", row(p + 1) + broken + row(p + 2));
        awaitRows(2);
        assertThat(EventsTable.rows(p)).extracting(EventsTable.Row::eventId).containsExactly(p + 1, p + 2);
        List<JsonNode> records = quarantined(file);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("source").asText()).isEqualTo("raw/" + file + ":3");
        assertThat(records.get(0).get("line").asInt()).isEqualTo(3);
        assertThat(records.get(0).get("reason_code").asText()).isEqualTo("control_character");
        assertThat(records.get(0).get("reason").asText())
                .isEqualTo("control_character: user_id contains control character U+000A at position 2");
        assertThat(records.get(0).get("raw").asText()).isEqualTo(broken.stripTrailing());
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndingsAreAccepted() {
        String crlf = (EventCsv.HEADER + row(p + 1) + row(p + 2)).replace("\n", "\r\n");
        publish(p + "bom-crlf.csv", ("\uFEFF" + crlf).getBytes(StandardCharsets.UTF_8));
        awaitRows(2);
        assertThat(quarantined(p + "bom-crlf.csv")).isEmpty();
    }

    @Test
    void emptyAndHeaderOnlyFilesAddNothingAndStopNothing() {
        publish(p + "empty.csv", new byte[0]);
        publishCsv(p + "header-only.csv", "");
        publish(p + "no-header.csv", row(p + 1).getBytes(StandardCharsets.UTF_8));
        awaitRows(1);
        assertThat(quarantined(p + "empty.csv")).isEmpty();
        assertThat(quarantined(p + "header-only.csv")).isEmpty();
        assertThat(quarantined(p + "no-header.csv")).isEmpty();
    }

    @Test
    void aLineThatIsNotUtf8IsQuarantinedWithItsExactBytes() throws Exception {
        byte[] garbage = {'x', ',', (byte) 0xC3, (byte) 0x28, ',', (byte) 0xFF};
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes((EventCsv.HEADER + row(p + 1)).getBytes(StandardCharsets.UTF_8));
        file.writeBytes(garbage);
        file.writeBytes(("\n" + row(p + 2)).getBytes(StandardCharsets.UTF_8));
        String name = publish(p + "binary.csv", file.toByteArray());
        awaitRows(2);
        List<JsonNode> records = quarantined(name);
        assertThat(records).extracting(r -> r.get("reason_code").asText()).containsExactly("csv_encoding");
        assertThat(Base64.getDecoder().decode(records.get(0).get("raw_base64").asText())).isEqualTo(garbage);
    }

    @Test
    void aFileWithAVeryLongNameIsQuarantinedUnderAShortenedName() {
        String name = p + "x".repeat(230) + ".csv";
        publishCsv(name, row(p + 1) + "a,b\n");
        awaitRows(1);
        assertThat(quarantined(name)).extracting(r -> r.get("source").asText()).containsExactly("raw/" + name + ":3");
    }

    private void awaitRows(long count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> EventsTable.count(p) == count);
    }

    private static List<String> reasons(String file) {
        return quarantined(file).stream().map(r -> r.get("reason_code").asText()).toList();
    }
}
