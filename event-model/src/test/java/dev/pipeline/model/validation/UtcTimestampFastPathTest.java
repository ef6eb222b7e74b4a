package dev.pipeline.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path must agree with the full ISO-8601 parser wherever it answers, and step aside elsewhere. */
class UtcTimestampFastPathTest {

    private static Instant full(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    @Test
    void agreesWithTheFullParserOnRandomInstantsAndPrecisions() {
        Random random = new Random(20261125);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long second = min + (long) (random.nextDouble() * (max - min));
            int digits = random.nextInt(10);
            String fraction = "";
            if (digits > 0) {
                StringBuilder f = new StringBuilder(".");
                for (int d = 0; d < digits; d++) {
                    f.append((char) ('0' + random.nextInt(10)));
                }
                fraction = f.toString();
            }
            String text = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC)
                    .format(Instant.ofEpochSecond(second)) + fraction + "Z";
            assertThat(UtcTimestampFastPath.parse(text)).as(text).isEqualTo(full(text));
        }
    }

    @Test
    void readsWhatInstantToStringWrites() {
        for (String text : new String[] {"2026-11-24T10:15:30Z", "2026-11-24T10:15:30.123Z",
            "2024-02-29T23:59:59.999999999Z", "1970-01-01T00:00:00.000001Z"}) {
            assertThat(UtcTimestampFastPath.parse(text)).isEqualTo(Instant.parse(text)).hasToString(
                    Instant.parse(text).toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-24T10:15:30+00:00", "2026-11-24T10:15:30z", "2026-11-24t10:15:30Z", "2026-11-24T10:15Z",
        "2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
        "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z", "2026-11-24T10:15:60Z", "2026-11-24T10:15:30.Z",
        "2026-11-24T10:15:30.1234567890Z", "2026-11-24T10:15:30,5Z", "+2026-11-24T10:15:30Z",
        "2026-11-24 10:15:30Z", "2O26-11-24T10:15:30Z", "2026-1-24T10:15:30Z", "2026-11-24T10:15:3xZ"})
    void leavesEverythingElseToTheFullParser(String text) {
        assertThat(UtcTimestampFastPath.parse(text)).isNull();
    }
}
