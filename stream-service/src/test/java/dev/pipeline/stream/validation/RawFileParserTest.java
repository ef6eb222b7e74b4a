package dev.pipeline.stream.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.model.UserEvent;
import dev.pipeline.model.csv.EventCsv;
import dev.pipeline.model.validation.Rejection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawFileParserTest {

    private static final String ROW = "e-%d,u-1,view,p-1,9.99,2026-11-24T10:15:30.123Z,2026-11-24T10:15:31Z";

    private final List<String> valid = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();

    private final RawFileParser.Rows rows = new RawFileParser.Rows() {
        @Override
        public void valid(UserEvent event, int line) {
            valid.add(line + ":" + event.eventId());
        }

        @Override
        public void rejected(Rejection rejection, int line, String raw, byte[] bytes) {
            rejected.add(line + ":" + rejection.reason().code() + ":" + raw);
            reasons.add(rejection.toString());
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

    // --- RFC 4180 records: a quoted field that spans lines ----------------------------------------

    @Test
    void aQuotedFieldSpanningTwoLinesIsOneRecordRejectedOnceForTheFieldHoldingTheBreak() {
        String broken = ROW.formatted(2).replace(",u-1,", ",\"u-\n1\",");
        parse(EventCsv.HEADER + ROW.formatted(1) + "\n" + broken + "\n" + ROW.formatted(3) + "\n");
        assertThat(valid).containsExactly("2:e-1", "5:e-3"); // line numbers count both lines of the record
        assertThat(rejected).containsExactly("3:control_character:" + broken);
        assertThat(reasons).containsExactly("control_character: user_id contains control character U+000A at position 2");
    }

    /** As the collector would say: the reason is the rule of the field that holds the line break. */
    @ParameterizedTest
    @CsvSource({
        "0, event_id_format",
        "1, control_character",
        "2, event_type_unknown",
        "3, control_character",
        "4, wrong_type",
        "5, timestamp_format",
        "6, timestamp_format"})
    void aLineBreakInAnyFieldIsRejectedWithThatFieldsRule(int column, String reason) {
        String[] fields = ROW.formatted(2).split(",");
        fields[column] = "\"" + fields[column].substring(0, 2) + "\n" + fields[column].substring(2) + "\"";
        String broken = String.join(",", fields);
        parse(ROW.formatted(1) + "\n" + broken + "\n" + ROW.formatted(3) + "\n");
        assertThat(valid).containsExactly("1:e-1", "4:e-3");
        assertThat(rejected).containsExactly("2:" + reason + ":" + broken);
    }

    @Test
    void crlfRecordsKeepTheirLineBreaksInTheQuarantinedText() {
        String broken = ROW.formatted(2).replace(",p-1,", ",\"p\r\n-\r\n1\",");
        parse("\uFEFF" + EventCsv.HEADER.replace("\n", "\r\n") + ROW.formatted(1) + "\r\n" + broken + "\r\n"
                + "\r\n" + ROW.formatted(3) + "\r\n");
        assertThat(valid).containsExactly("2:e-1", "7:e-3");
        assertThat(rejected).containsExactly("3:control_character:" + broken + "\r");
        assertThat(reasons).containsExactly("control_character: product_id contains control character U+000D at position 1");
    }

    @Test
    void aRecordMayEndTheFileWithoutANewlineAndEscapedQuotesSpanLinesToo() {
        String broken = ROW.formatted(2).replace(",u-1,", ",\"u \"\"a\"\"\nb\",");
        parse(ROW.formatted(1) + "\n" + broken);
        assertThat(valid).containsExactly("1:e-1");
        assertThat(rejected).containsExactly("2:control_character:" + broken);
    }

    @Test
    void aRecordThatIsNotUtf8IsRejectedWholeAsCsvEncodingAndItsNeighboursLoad() {
        byte[] broken = concat("e-2,\"u\n".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF},
                "1\",view,p-1,9.99,2026-11-24T10:15:30.123Z,2026-11-24T10:15:31Z".getBytes(StandardCharsets.UTF_8));
        List<byte[]> bytes = new ArrayList<>();
        RawFileParser.parse(concat(bytes(ROW.formatted(1) + "\n"), broken, bytes("\n" + ROW.formatted(3) + "\n")),
                new RawFileParser.Rows() {
                    @Override
                    public void valid(UserEvent event, int line) {
                        valid.add(line + ":" + event.eventId());
                    }

                    @Override
                    public void rejected(Rejection rejection, int line, String raw, byte[] exact) {
                        rejected.add(line + ":" + rejection.reason().code());
                        bytes.add(exact);
                    }
                });
        assertThat(valid).containsExactly("1:e-1", "4:e-3");
        assertThat(rejected).containsExactly("2:csv_encoding");
        assertThat(bytes).singleElement().isEqualTo(broken);
    }

    @Test
    void anUnterminatedQuoteCostsItsOwnLineOnlyWhereverItIs() {
        String open = ROW.formatted(2).replace(",u-1,", ",\"u-1,");
        StringBuilder file = new StringBuilder(ROW.formatted(1) + "\n" + open + "\n");
        for (int i = 3; i <= 30; i++) {
            file.append(ROW.formatted(i)).append('\n');
        }
        file.append(open.replace("e-2", "e-31")); // and at the very end, without a newline
        parse(file.toString());
        assertThat(valid).hasSize(29).first().isEqualTo("1:e-1");
        assertThat(valid).last().isEqualTo("30:e-30");
        assertThat(rejected).extracting(RawFileParserTest::lineAndReason).containsExactly("2:csv_malformed", "31:csv_malformed");
        assertThat(rejected.get(0)).isEqualTo("2:csv_malformed:" + open);
    }

    @Test
    void aQuoteInTheMiddleOfAFieldNeverOpensARecord() {
        parse(ROW.formatted(1).replace(",u-1,", ",u\"1,") + "\n"
                + ROW.formatted(2) + "\n"
                + ROW.formatted(3).replace(",p-1,", ",p-\"1,") + "\n" // a second odd quote: not a closing one
                + ROW.formatted(4) + "\n");
        assertThat(valid).containsExactly("2:e-2", "4:e-4");
        assertThat(rejected).extracting(RawFileParserTest::lineAndReason).containsExactly("1:csv_malformed", "3:csv_malformed");
    }

    @Test
    void aLoneQuoteIsOneMalformedRecordAndTheRowsAfterItLoad() {
        parse("\"\n" + ROW.formatted(1) + "\n" + ROW.formatted(2) + "\n");
        assertThat(valid).containsExactly("2:e-1", "3:e-2");
        assertThat(rejected).containsExactly("1:csv_malformed:\"");
        valid.clear();
        rejected.clear();
        parse(ROW.formatted(1) + "\n\"");
        assertThat(valid).containsExactly("1:e-1");
        assertThat(rejected).containsExactly("2:csv_malformed:\"");
    }

    /** RFC 4180 reads the lines between two lone quotes as one quoted field: one record, not three. */
    @Test
    void twoLoneQuotesEncloseTheLinesBetweenThemInOneRecord() {
        parse("\"\n" + ROW.formatted(1) + "\n\"\n" + ROW.formatted(2) + "\n");
        assertThat(valid).containsExactly("4:e-2");
        assertThat(rejected).containsExactly("1:csv_column_count:\"\n" + ROW.formatted(1) + "\n\"");
    }

    @Test
    void aClosedQuoteFollowedByACharacterOnALaterLineUndoesTheRecord() {
        String first = ROW.formatted(1).replace(",u-1,view,p-1,", ",\"u-1");
        String second = "x\"y,view,p-1," + ROW.formatted(2).substring(ROW.formatted(2).indexOf("9.99"));
        parse(first + "\n" + second + "\n" + ROW.formatted(3) + "\n");
        assertThat(valid).containsExactly("3:e-3");
        assertThat(rejected).extracting(RawFileParserTest::lineAndReason).containsExactly("1:csv_malformed", "2:csv_malformed");
    }

    @Test
    void aRecordSpansAtMostSixteenLines() {
        String sixteen = ROW.formatted(1).replace(",u-1,", ",\"u" + "\n".repeat(RawFileParser.MAX_RECORD_LINES - 1) + "1\",");
        String seventeen = ROW.formatted(2).replace(",u-1,", ",\"u" + "\nx".repeat(RawFileParser.MAX_RECORD_LINES) + "1\",");
        parse(sixteen + "\n" + seventeen + "\n" + ROW.formatted(3) + "\n");
        assertThat(rejected.get(0)).isEqualTo("1:control_character:" + sixteen);
        // Past the bound the opening line is a record alone; each line after it is read as itself.
        assertThat(rejected.subList(1, rejected.size())).extracting(RawFileParserTest::lineAndReason)
                .startsWith("17:csv_malformed", "18:csv_column_count")
                .endsWith("32:csv_column_count", "33:csv_malformed") // x1",view,…: a quote inside an unquoted field
                .hasSize(17);
        assertThat(valid).containsExactly("34:e-3");
    }

    @Test
    void aRecordOfSeveralLinesIsAtMost64KiB() {
        String fits = ROW.formatted(1).replace(",u-1,", ",\"u\n" + "x".repeat(60_000) + "\",");
        String tooLong = ROW.formatted(2).replace(",u-1,", ",\"u\n" + "x".repeat(RawFileParser.MAX_RECORD_BYTES) + "\",");
        parse(fits + "\n" + tooLong + "\n" + ROW.formatted(3) + "\n");
        assertThat(rejected).extracting(RawFileParserTest::lineAndReason)
                .containsExactly("1:control_character", "3:csv_malformed", "4:csv_malformed");
        assertThat(rejected.get(0)).isEqualTo("1:control_character:" + fits);
        assertThat(valid).containsExactly("5:e-3");
        // One line longer than that is still one record, as before.
        valid.clear();
        rejected.clear();
        parse(ROW.formatted(4).replace(",u-1,", ",\"" + "u".repeat(100_000) + "\",") + "\n");
        assertThat(rejected).extracting(RawFileParserTest::lineAndReason).containsExactly("1:too_long");
    }

    /** RFC 4180's line end is CRLF, the collector's LF; a bare CR ends nothing, so such a file is one line. */
    @Test
    void crOnlyLineEndsMakeTheWholeFileOneMalformedLine() {
        String file = EventCsv.HEADER.replace("\n", "\r") + ROW.formatted(1) + "\r" + ROW.formatted(2) + "\r";
        parse(file);
        assertThat(valid).isEmpty();
        assertThat(rejected).containsExactly("1:csv_malformed:" + file);
        rejected.clear();
        // With quotes, too: a quoted field's CR is still inside the one line.
        parse(ROW.formatted(1).replace(",u-1,", ",\"u-1\",") + "\r" + ROW.formatted(2) + "\r\n" + ROW.formatted(3));
        assertThat(rejected).extracting(RawFileParserTest::lineAndReason).containsExactly("1:csv_malformed");
        assertThat(valid).containsExactly("2:e-3");
    }

    /**
     * Random files of rows, quotes, commas, line ends and bad bytes: every line of the file is
     * accounted for exactly once, as a blank line, a header, a valid row or inside one rejected
     * record whose text is exactly those lines; nothing is skipped, nothing read twice.
     */
    @Test
    void everyLineOfAnyFileIsAccountedForExactlyOnce() {
        Random random = new Random(4180);
        String[] tokens = {"\"", "\"\"", ",", "x", "\n", "\n", "\r\n", "\r", EventCsv.HEADER, "\"\n\"", "\u00ff"};
        for (int run = 0; run < 3000; run++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(random.nextInt(3) == 0 ? ROW.formatted(i) + "\n" : tokens[random.nextInt(tokens.length)]);
            }
            byte[] file = text.toString().getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(5) == 0 && file.length > 0) {
                file[random.nextInt(file.length)] = (byte) 0xFE; // not UTF-8
            }
            assertEveryLineAccountedFor(file);
        }
    }

    private static void assertEveryLineAccountedFor(byte[] file) {
        String[] lines = new String(file, StandardCharsets.UTF_8).split("\n", -1);
        int[] recordLines = new int[lines.length + 1]; // by line number: the lines of the record it is read in
        RawFileParser.parse(file, new RawFileParser.Rows() {
            @Override
            public void valid(UserEvent event, int line) {
                mark(line, 1);
            }

            @Override
            public void rejected(Rejection rejection, int line, String raw, byte[] bytes) {
                String[] parts = raw.split("\n", -1);
                for (int i = 0; i < parts.length; i++) {
                    assertThat(parts[i]).as("line %d of %s", line + i, raw).isEqualTo(lines[line - 1 + i]);
                    mark(line + i, parts.length);
                }
            }

            private void mark(int line, int of) {
                assertThat(recordLines[line]).as("line %d read twice", line).isZero();
                recordLines[line] = of;
            }
        });
        for (int i = 0; i < lines.length; i++) {
            boolean skippable = lines[i].isEmpty() || lines[i].equals("\r") || EventCsv.isHeader(lines[i]);
            if (recordLines[i + 1] == 0) {
                assertThat(skippable).as("line %d, %s, is not read", i + 1, lines[i]).isTrue();
            } else if (recordLines[i + 1] == 1) {
                assertThat(skippable).as("line %d, %s, is read alone", i + 1, lines[i]).isFalse();
            }
        }
    }

    private static String lineAndReason(String rejected) {
        String[] parts = rejected.split(":");
        return parts[0] + ":" + parts[1];
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private void parse(String content) {
        RawFileParser.parse(content.getBytes(StandardCharsets.UTF_8), rows);
    }
}
