package dev.pipeline.stream.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.model.UserEvent;
import dev.pipeline.model.csv.EventCsv;
import dev.pipeline.model.validation.Rejection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawFileParserTest {

    private static final String ROW = "e-%d,u-1,view,p-1,9.99,2026-11-24T10:15:30.123Z,2026-11-24T10:15:31Z";

    private final List<String> valid = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();

    private final RawFileParser.Rows rows = new RawFileParser.Rows() {
        @Override
        public void valid(UserEvent event, int line) {
            valid.add(line + ":" + event.eventId());
        }

        @Override
        public void rejected(Rejection rejection, int line, String raw, byte[] bytes) {
            rejected.add(line + ":" + rejection.reason().code() + ":" + raw);
        }
    };

    @Test
    void lineNumbersCountEveryPhysicalLineIncludingHeaderAndBlanks() {
        parse(EventCsv.HEADER + ROW.formatted(1) + "\n\n" + ROW.formatted(2) + "\n");
        assertThat(valid).containsExactly("2:e-1", "4:e-2");
        assertThat(rejected).isEmpty();
    }

    @Test
    void aLastLineWithoutNewlineIsRead() {
        parse(ROW.formatted(1) + "\n" + ROW.formatted(2));
        assertThat(valid).containsExactly("1:e-1", "2:e-2");
    }

    @Test
    void byteOrderMarkCrlfAndRepeatedHeadersAreTolerated() {
        parse("\uFEFF" + (EventCsv.HEADER + ROW.formatted(1) + "\n" + EventCsv.HEADER + ROW.formatted(2) + "\n")
                .replace("\n", "\r\n"));
        assertThat(valid).containsExactly("2:e-1", "4:e-2");
        assertThat(rejected).isEmpty();
    }

    @Test
    void badLinesAreRejectedWithTheirReasonAndTheRestStillLoads() {
        parse(ROW.formatted(1) + "\n"
                + "a,b\n"
                + ROW.formatted(2).replace("9.99", "9.999") + "\n"
                + "\"" + ROW.formatted(3) + "\n"
                + ROW.formatted(4) + "\n");
        assertThat(valid).containsExactly("1:e-1", "5:e-4");
        assertThat(rejected).extracting(r -> r.split(":")[0] + ":" + r.split(":")[1])
                .containsExactly("2:csv_column_count", "3:price_scale", "4:csv_malformed");
        assertThat(rejected.get(0)).endsWith(":a,b");
    }

    @Test
    void quotesRfc4180ForbidsAreMalformedThoughJacksonWouldReadThem() {
        String row = ROW.formatted(1);
        parse(row.replace(",u-1,", ",u\"1,") + "\n"          // a quote inside an unquoted field
                + row.replace(",u-1,", ", \"u-1\",") + "\n"   // a space before the opening quote
                + row.replace(",u-1,", ",\"u-1\" ,") + "\n"   // a space after the closing quote
                + row.replace(",u-1,", ",\"u-1\"x,") + "\n"   // anything after the closing quote
                + row.replace(",p-1,", ",\"p-1\"\"") + "\n"  // an escaped quote, then the line ends unclosed
                + row.replace(",u-1,", ",\"u,\"\"1\"\"\",").replace(",p-1,", ",\"\",") + "\r\n"); // well formed
        assertThat(rejected).extracting(r -> r.split(":")[0] + ":" + r.split(":")[1]).containsExactly(
                "1:csv_malformed", "2:csv_malformed", "3:csv_malformed", "4:csv_malformed", "5:csv_malformed",
                "6:empty"); // well-formed quoting: the empty quoted product_id is what is wrong
        assertThat(RawFileParser.misplacedQuote("a,\"b\"\"c\",\"\",d\r")).isNull();
        assertThat(RawFileParser.misplacedQuote("a,b\"")).isEqualTo("quote inside an unquoted field at position 3");
        assertThat(RawFileParser.misplacedQuote("\"a\"b")).isEqualTo("character after the closing quote at position 3");
    }

    @Test
    void aLineThatIsNotUtf8IsRejectedAndItsNeighboursAreNot() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes((ROW.formatted(1) + "\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes(new byte[] {'e', (byte) 0xFF, '\n'});
        file.writeBytes((ROW.formatted(2) + "\n").getBytes(StandardCharsets.UTF_8));
        RawFileParser.parse(file.toByteArray(), rows);
        assertThat(valid).containsExactly("1:e-1", "3:e-2");
        assertThat(rejected).singleElement().asString().startsWith("2:csv_encoding:e");
    }

    @Test
    void emptyAndHeaderOnlyFilesHoldNothing() {
        parse("");
        parse(EventCsv.HEADER);
        assertThat(valid).isEmpty();
        assertThat(rejected).isEmpty();
    }

    private void parse(String content) {
        RawFileParser.parse(content.getBytes(StandardCharsets.UTF_8), rows);
    }
}
