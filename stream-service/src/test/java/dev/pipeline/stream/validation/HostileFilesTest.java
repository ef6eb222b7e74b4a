package dev.pipeline.stream.validation;

import static dev.pipeline.stream.RawFolder.publish;
import static dev.pipeline.stream.RawFolder.quarantined;
import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.model.csv.EventCsv;
import dev.pipeline.stream.EventsTable;
import dev.pipeline.stream.RawFolder;
import dev.pipeline.stream.StreamTestResource;
import dev.pipeline.stream.sink.QuarantineFile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Hostile files dropped straight into {@code raw/}, bypassing the collector (issue 7): for every file,
 * the valid lines are stored exactly (every column), every other line is quarantined once with its
 * reason code and {@code raw/<file>:<line>} (a record's first line), the file is recorded as loaded,
 * and the query keeps running and ready. Each test drops all its files at once, so they share a batch or two.
 *
 * <p>{@link BrokenCsvTest} holds the first, one-case-each checks (too few and too many columns, an
 * unclosed opening quote, a quoted line break, BOM with CRLF, empty and header-only files, one line
 * that is not UTF-8, a long ASCII file name); this class the rest of the matrix.
 */
@QuarkusTest
@WithTestResource(StreamTestResource.class)
class HostileFilesTest {

    private static final Duration LOADED = Duration.ofSeconds(120);
    private static final String BOM = "\uFEFF";

    private final String p = RawFolder.uniquePrefix();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void textThatIsAlmostCsv() {
        EventsTable.Row exotic = row("exotic", "Zoë, \"the\" 🛒 user", "p 42 — ünï", "0.00");
        List<HostileFile> files = List.of(
                file("columns.csv").header()
                        .valid(row("c1"))
                        .rejected("csv_column_count", ",")
                        .rejected("empty", ",,,,,,")                     // seven empty fields: received_at is checked first
                        .rejected("csv_column_count", ",,,,,,,,,,")
                        .rejected("csv_column_count", "  \t ")
                        .valid(row("c2")),
                file("quoting.csv").header()
                        .valid(exotic)
                        .rejected("csv_malformed", csv(row("q-inside")).replace(",u-1,", ",u\"1,"))
                        .rejected("csv_malformed", csv(row("q-after")).replace(",u-1,", ",\"u-1\"x,"))
                        .rejected("csv_malformed", csv(row("q-space-after")).replace(",u-1,", ",\"u-1\" ,"))
                        .rejected("csv_malformed", csv(row("q-space-before")).replace(",u-1,", ", \"u-1\","))
                        .valid(row("q2"))
                        // An unterminated quote at the very end of the file, no newline after it.
                        .rejected("csv_malformed", csv(row("q-open")).replace("," + now, ",\"" + now), ""),
                file("line-breaks.csv").header()
                        .valid(row("n1"))
                        .rejected("csv_malformed", csv(row("n-cr")).replace(",u-1,", ",u-1\r,"))
                        .rejected("control_character", csv(row("n-cr-quoted")).replace(",u-1,", ",\"u-\r1\","))
                        .valid(row("n2"), "\r\n"),
                // RFC 4180 records: a quoted field may span lines; a broken quote never takes the rows after it.
                file("multiline.csv").header()
                        .valid(row("ml1"))
                        .rejected("control_character", csv(row("ml-user")).replace(",u-1,", ",\"u-\n1\","))
                        .rejected("event_id_format", csv(row("ml-id")).replace(p + "ml-id", "\"" + p + "ml-\n\nid\""))
                        .rejected("control_character", csv(row("ml-crlf")).replace(",p-1,", ",\"p\r\n1\","), "\r\n")
                        .valid(row("ml2"))
                        .rejected("csv_malformed", "\"")                             // a lone quote
                        .valid(row("ml3"))
                        .rejected("csv_malformed", csv(row("ml-open")).replace(",u-1,", ",\"u-1,"))
                        .valid(row("ml4"))
                        .rejected("csv_malformed", csv(row("ml-mid")).replace(",u-1,", ",u-\"1,"))
                        .valid(row("ml5"))
                        .rejected("csv_malformed", csv(row("ml-end")).replace(",u-1,", ",\"u-1,"), ""), // unterminated at the end
                file("cr-only.csv").rejected("csv_malformed",
                        EventCsv.HEADER.replace("\n", "\r") + csv(row("cr1")) + "\r" + csv(row("cr2")) + "\r", ""),
                file("mixed-endings.csv").text(BOM).header("\r\n")
                        .valid(row("m1"), "\n")
                        .valid(row("m2"), "\r\n")
                        .blank("\r\n").blank("\n")
                        .header("\n")                                          // repeated, as concatenated files do
                        .valid(row("m3"), "\r\n")
                        .valid(row("m4"), ""),                                 // no newline at the end
                file("blank-lines.csv").blank("\n").blank("\r\n").blank("\n").blank("\n"),
                file("bom-header.csv").text(BOM).header("\r\n"),
                file("bom-only.csv").text(BOM));

        publishAll(files);
        awaitLoaded(files);

        List<JsonNode> quoting = quarantined(p + "quoting.csv");
        assertThat(quoting.get(0).get("raw").asText()).isEqualTo(csv(row("q-inside")).replace(",u-1,", ",u\"1,"));
        assertThat(quoting.get(0).get("reason").asText()).startsWith("csv_malformed: line is not valid CSV: quote inside");
        assertThat(quarantined(p + "line-breaks.csv").get(0).get("raw").asText()).contains("u-1\r,view");
        // A record of several lines is kept whole, its line breaks (and a CRLF's CR) included.
        assertThat(quarantined(p + "multiline.csv")).extracting(r -> r.get("raw").asText()).startsWith(
                csv(row("ml-user")).replace(",u-1,", ",\"u-\n1\","),
                csv(row("ml-id")).replace(p + "ml-id", "\"" + p + "ml-\n\nid\""),
                csv(row("ml-crlf")).replace(",p-1,", ",\"p\r\n1\",") + "\r");
        assertStillServing();
    }

    @Test
    void binaryGarbageGzipAndHugeLines() throws IOException {
        Random random = new Random(7);
        HostileFile garbage = file("garbage.csv");
        for (int i = 0; i < 40; i++) {
            garbage.rejected("csv_encoding", garbageLine(random));
        }
        byte[] garbageLine = {0, 'x', ',', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0, (byte) 0xFE};
        EventsTable.Row nulInProduct = row("nul", "u-1", "p\u00001", "9.99");
        byte[] megabyteOfFf = new byte[1_000_000];
        Arrays.fill(megabyteOfFf, (byte) 0xFF);
        String tenMegabyteRow = csv(row("big")).replace(",u-1,", "," + "u".repeat(10_000_000) + ",");
        List<HostileFile> files = List.of(
                garbage,
                file("zeros.csv").rejected("csv_column_count", new byte[4096], ""), // a preallocated file, never written
                file("garbage-line.csv").header()
                        .valid(row("g1"))
                        .rejected("csv_encoding", garbageLine)
                        .rejected("csv_column_count", "\u0000\u0001\u0002\u007F")
                        .rejected("control_character", csv(nulInProduct))
                        .valid(row("g2")),
                file("big-line.csv").header()
                        .valid(row("b1"))
                        .rejected("too_long", tenMegabyteRow)
                        .rejected("csv_encoding", megabyteOfFf)
                        .valid(row("b2")),
                gzipped(file("gzip.csv"), (EventCsv.HEADER + csv(row("z1")) + "\n" + csv(row("z2")) + "\n").getBytes(UTF_8)));

        publishAll(files);
        awaitLoaded(files);

        for (HostileFile file : List.of(garbage, files.get(2), files.get(4))) {
            List<JsonNode> records = quarantined(file.name);
            List<byte[]> lines = file.rejectedBytes;
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).get("reason_code").asText().equals("csv_encoding")) {
                    assertThat(Base64.getDecoder().decode(records.get(i).get("raw_base64").asText()))
                            .as(records.get(i).get("source").asText()).isEqualTo(lines.get(i));
                }
            }
        }
        assertThat(quarantined(p + "zeros.csv").get(0).get("raw").asText()).isEqualTo("\u0000".repeat(4096));
        // The cap: a record keeps the first 64 KiB of its line and says how long the line was.
        List<JsonNode> big = quarantined(p + "big-line.csv");
        assertThat(big.get(0).get("raw").asText()).isEqualTo(tenMegabyteRow.substring(0, QuarantineFile.MAX_RAW_BYTES));
        assertThat(big.get(0).get("raw_truncated").asBoolean()).isTrue();
        assertThat(big.get(0).get("raw_length").asLong()).isEqualTo(tenMegabyteRow.length());
        assertThat(Base64.getDecoder().decode(big.get(1).get("raw_base64").asText()))
                .isEqualTo(Arrays.copyOf(megabyteOfFf, QuarantineFile.MAX_RAW_BYTES));
        assertThat(big.get(1).get("raw_length").asLong()).isEqualTo(megabyteOfFf.length);
        assertThat(big.get(1).get("raw").asText()).isEqualTo("\uFFFD".repeat(QuarantineFile.MAX_RAW_BYTES / 3));
        assertStillServing();
    }

    @Test
    void onlyCsvFilesAreReadWhateverTheirNames() throws IOException {
        String rows = EventCsv.HEADER + csv(row("ignored")) + "\n";
        List<String> ignored = List.of(p + "rows.txt", p + "rows", p + "rows.CSV", p + "rows.csv.tmp", p + "rows.csv.gz",
                // Spark's file index skips names starting with _ or . (its own _SUCCESS, hidden temporary files).
                "_" + p + "rows.csv", "." + p + "rows.csv");
        for (String name : ignored) {
            publish(name, name.endsWith(".gz") ? gzip(rows.getBytes(UTF_8)) : rows.getBytes(UTF_8));
        }
        List<HostileFile> files = new ArrayList<>();
        List<String> names = List.of(p + "with space ünïcödé ☃ 🎉.csv",
                // A colon broke Hadoop's checksum layer; ? [ ] { } are glob characters to Spark.
                p + "a:b%20c#d?e[f]{g},h'i\"j=k&l;m.csv",
                p + "new\nline.csv",
                // 250 bytes: the quarantine file's name must be cut by bytes (it was cut at 60 characters = 240 bytes).
                "🎉".repeat(59) + p + ".csv");
        for (int i = 0; i < names.size(); i++) {
            HostileFile file = new HostileFile(names.get(i)).header();
            // Sizes differ, so that when Spark lists a batch's files twice (a name with glob
            // characters, see PartitionLoader) each file's two copies land in the same partition.
            for (int j = 0; j <= i; j++) {
                file.valid(row("name" + i + "-" + j));
            }
            files.add(file.rejected("csv_column_count", "a,b"));
        }

        publishAll(files);
        awaitLoaded(files);

        assertThat(EventsTable.loadedFiles(ignored)).isEmpty();
        for (String name : ignored) {
            assertThat(quarantined(name)).isEmpty();
            // Never read, so never archived: they stay where they were dropped.
            Files.delete(RawFolder.dataDir().resolve("raw").resolve(name));
        }
        assertStillServing();
    }

    /**
     * A file written in place, not renamed in, as the contract asks: Spark's file source reads a
     * file once, as it is when its batch reads it. The torn last line is quarantined, and what is
     * appended afterwards is never read (the file is not listed again; it is archived as it is).
     */
    @Test
    void aFileWrittenInPlaceIsReadOnceAsItIsThen() throws IOException {
        String name = p + "half-written.csv";
        String third = csv(row("h3"));
        String torn = third.substring(0, third.indexOf(",view,") + 3);
        HostileFile half = file("half-written.csv").header()
                .valid(row("h1"))
                .valid(row("h2"))
                .rejected("csv_column_count", torn, "");
        try (FileChannel inPlace = FileChannel.open(RawFolder.dataDir().resolve("raw").resolve(name),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // One write right after the create: a batch reads the file torn (reading it in the microseconds
            // between the two would find it empty, and this test would time out).
            write(inPlace, half.bytes());
            awaitLoaded(List.of(half));
            assertThat(quarantined(name).get(0).get("raw").asText()).isEqualTo(torn);

            write(inPlace, (third.substring(torn.length()) + "\n" + csv(row("h4")) + "\n").getBytes(UTF_8));
        }
        HostileFile after = file("after.csv").header().valid(row("after"));
        publishAll(List.of(after));
        awaitLoaded(List.of(half, after));
        assertStillServing();
    }

    // ----------------------------------------------------------------------------------------------

    private HostileFile file(String name) {
        return new HostileFile(p + name);
    }

    private EventsTable.Row row(String id) {
        return row(id, "u-1", "p-1", "9.99");
    }

    private EventsTable.Row row(String id, String user, String product, String price) {
        return new EventsTable.Row(p + id, user, "view", product, new BigDecimal(price), now.minusSeconds(5), now);
    }

    /** A row as RFC 4180 writes it: a field holding a comma or a quote is quoted, its quotes doubled. */
    private static String csv(EventsTable.Row row) {
        return String.join(",", List.of(row.eventId(), quoted(row.userId()), row.eventType(), quoted(row.productId()),
                row.price().toPlainString(), row.eventTimestamp().toString(), row.receivedAt().toString()));
    }

    private static String quoted(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    /** 20 to 200 random bytes, never a newline, always a NUL and a byte that is never UTF-8. */
    private static byte[] garbageLine(Random random) {
        byte[] line = new byte[20 + random.nextInt(181)];
        random.nextBytes(line);
        for (int i = 0; i < line.length; i++) {
            if (line[i] == '\n') {
                line[i] = 0;
            }
        }
        line[random.nextInt(line.length)] = 0;
        line[random.nextInt(line.length)] = (byte) 0xFF;
        return line;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(content);
        }
        return out.toByteArray();
    }

    /**
     * A gzip file named {@code .csv}: read as text, line by line. Which of its bytes form lines depends
     * on the JDK's zlib, so the expectation is computed: each non-blank line quarantined, as
     * {@code csv_encoding} when it is not UTF-8 (nearly always), else for its CSV shape.
     */
    private static HostileFile gzipped(HostileFile file, byte[] content) throws IOException {
        byte[] zipped = gzip(content);
        int start = 0;
        while (start < zipped.length) {
            int end = start;
            while (end < zipped.length && zipped[end] != '\n') {
                end++;
            }
            byte[] line = Arrays.copyOfRange(zipped, start, end);
            String ending = end < zipped.length ? "\n" : "";
            if (line.length == 0 || line.length == 1 && line[0] == '\r') {
                file.blank(new String(line, UTF_8) + ending);
            } else {
                file.rejected(isUtf8(line) ? null : "csv_encoding", line, ending);
            }
            start = end + 1;
        }
        return file;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static void write(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(true);
    }

    private static void publishAll(List<HostileFile> files) {
        files.forEach(file -> publish(file.name, file.bytes()));
    }

    /**
     * Waits until every file is recorded as loaded once, then checks that its valid lines are in
     * {@code user_events} exactly and each other line is quarantined once, with its reason and source.
     */
    private void awaitLoaded(List<HostileFile> files) {
        List<String> names = files.stream().map(file -> file.name).toList();
        await().atMost(LOADED).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(EventsTable.loadedFiles(names)).containsExactlyInAnyOrderElementsOf(
                        files.stream().map(HostileFile::loadedRecord).toList()));
        List<EventsTable.Row> expected = new ArrayList<>(files.stream().flatMap(file -> file.rows.stream()).toList());
        expected.sort(Comparator.comparing(EventsTable.Row::eventId));
        assertThat(EventsTable.rows(p)).containsExactlyElementsOf(expected);
        for (HostileFile file : files) {
            List<JsonNode> records = quarantined(file.name);
            assertThat(records).extracting(r -> r.get("source").asText()).as(file.name)
                    .containsExactlyElementsOf(file.rejectedLines.stream().map(l -> "raw/" + file.name + ":" + l).toList());
            for (int i = 0; i < records.size(); i++) {
                String reason = file.rejectedReasons.get(i);
                if (reason != null) {
                    assertThat(records.get(i).get("reason_code").asText()).as(records.get(i).get("source").asText())
                            .isEqualTo(reason);
                }
                assertThat(records.get(i).get("reason").asText()).startsWith(records.get(i).get("reason_code").asText() + ": ");
            }
        }
    }

    private static void assertStillServing() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/q/health/ready").then().statusCode(200);
            assertThat(given().get("/lag").then().statusCode(200).extract().jsonPath().getBoolean("query_active")).isTrue();
        });
    }

    /** A file for {@code raw/} under construction, with what the stream must make of each of its lines. */
    private static final class HostileFile {

        final String name;
        final List<EventsTable.Row> rows = new ArrayList<>();
        final List<Integer> rejectedLines = new ArrayList<>();
        /** {@code null}: any reason (the line's shape is not known in advance). */
        final List<String> rejectedReasons = new ArrayList<>();
        final List<byte[]> rejectedBytes = new ArrayList<>();
        private final ByteArrayOutputStream content = new ByteArrayOutputStream();
        /** The line the next byte is on, counted as the stream counts: at every LF. */
        private int line = 1;

        HostileFile(String name) {
            this.name = name;
        }

        HostileFile header() {
            return header("\n");
        }

        HostileFile header(String ending) {
            return text(EventCsv.HEADER.strip() + ending);
        }

        HostileFile valid(EventsTable.Row row) {
            return valid(row, "\n");
        }

        HostileFile valid(EventsTable.Row row, String ending) {
            rows.add(row);
            return text(csv(row) + ending);
        }

        HostileFile rejected(String reason, String text) {
            return rejected(reason, text, "\n");
        }

        HostileFile rejected(String reason, String text, String ending) {
            return rejected(reason, text.getBytes(UTF_8), ending);
        }

        HostileFile rejected(String reason, byte[] bytes) {
            return rejected(reason, bytes, "\n");
        }

        HostileFile rejected(String reason, byte[] bytes, String ending) {
            rejectedLines.add(line);
            rejectedReasons.add(reason);
            rejectedBytes.add(bytes);
            content.writeBytes(bytes);
            for (byte b : bytes) {
                if (b == '\n') {
                    line++; // a record of several lines: the next one starts after them all
                }
            }
            return text(ending);
        }

        HostileFile blank(String ending) {
            return text(ending);
        }

        HostileFile text(String text) {
            byte[] bytes = text.getBytes(UTF_8);
            content.writeBytes(bytes);
            for (byte b : bytes) {
                if (b == '\n') {
                    line++;
                }
            }
            return this;
        }

        byte[] bytes() {
            return content.toByteArray();
        }

        String loadedRecord() {
            return name + ":" + rows.size() + ":" + rejectedLines.size();
        }
    }
}
