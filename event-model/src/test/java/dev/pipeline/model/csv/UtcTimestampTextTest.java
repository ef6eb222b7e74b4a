package dev.pipeline.model.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CSV form of a timestamp must stay exactly what {@link Instant#toString()} wrote before it. */
class UtcTimestampTextTest {

    @Test
    void writesWhatInstantToStringWrites() {
        String[] cases = {"2026-12-07T04:31:00Z", "2026-12-07T04:31:05.100Z", "2026-12-07T04:31:05.123456Z",
            "2026-12-07T04:31:05.000001Z", "2026-12-07T04:31:05.000000001Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00.010Z"};
        for (String text : cases) {
            Instant instant = Instant.parse(text);
            assertThat(UtcTimestampText.format(instant)).isEqualTo(instant.toString()).isEqualTo(text);
        }
    }

    @Test
    void agreesWithInstantToStringEverywhere() {
        SplittableRandom random = new SplittableRandom(20);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-40_000_000_000L, 260_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(UtcTimestampText.format(instant)).as("%s", instant).isEqualTo(instant.toString());
        }
    }
}
