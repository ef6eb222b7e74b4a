package dev.pipeline.stream.sink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.model.json.EventJson;
import dev.pipeline.model.validation.Reason;
import dev.pipeline.model.validation.Rejection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineFileTest {

    private static final Rejection TOO_LONG = new Rejection(Reason.TOO_LONG, "user_id is too long");

    @TempDir
    Path errorDir;

    @Test
    void aNameOfFourByteCharactersIsCutByBytesSoTheFileCanBeWritten() throws Exception {
        String name = "🎉".repeat(62) + ".csv"; // 252 bytes, as long as a name can be
        QuarantineFile file = new QuarantineFile(errorDir, name, 123_456_789L);
        file.add(TOO_LONG, 2, "a,b", null);
        assertThat(file.publish()).isEqualTo(1);
        try (var files = Files.list(errorDir)) {
            Path written = files.findFirst().orElseThrow();
            assertThat(written.getFileName().toString().getBytes(UTF_8).length).isLessThanOrEqualTo(255 - 5);
            assertThat(EventJson.MAPPER.readTree(Files.readAllLines(written).get(0)).get("source").asText())
                    .isEqualTo("raw/" + name + ":2");
        }
    }

    @Test
    void aLongLineIsKeptUpToTheCapInWholeCharactersAndSaysHowLongItWas() throws Exception {
        String line = "é".repeat(QuarantineFile.MAX_RAW_BYTES); // two bytes each: twice the cap
        byte[] notUtf8 = new byte[QuarantineFile.MAX_RAW_BYTES + 1];
        Arrays.fill(notUtf8, (byte) 0xFF);
        QuarantineFile file = new QuarantineFile(errorDir, "x.csv", 1);
        file.add(TOO_LONG, 1, line, null);
        file.add(new Rejection(Reason.CSV_ENCODING, "not UTF-8"), 2, new String(notUtf8, UTF_8), notUtf8);
        file.add(TOO_LONG, 3, "short", null);
        file.publish();

        List<JsonNode> records = Files.readAllLines(errorDir.resolve("stream-b1-x.csv.ndjson")).stream()
                .map(QuarantineFileTest::json).toList();
        assertThat(records.get(0).get("raw").asText()).isEqualTo("é".repeat(QuarantineFile.MAX_RAW_BYTES / 2));
        assertThat(records.get(0).get("raw_truncated").asBoolean()).isTrue();
        assertThat(records.get(0).get("raw_length").asLong()).isEqualTo(2L * QuarantineFile.MAX_RAW_BYTES);
        assertThat(Base64.getDecoder().decode(records.get(1).get("raw_base64").asText()))
                .isEqualTo(Arrays.copyOf(notUtf8, QuarantineFile.MAX_RAW_BYTES));
        assertThat(records.get(1).get("raw_length").asLong()).isEqualTo(notUtf8.length);
        assertThat(records.get(2).get("raw").asText()).isEqualTo("short");
        assertThat(records.get(2).has("raw_truncated")).isFalse();
        assertThat(records.get(2).has("raw_length")).isFalse();
    }

    private static JsonNode json(String line) {
        try {
            return EventJson.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
