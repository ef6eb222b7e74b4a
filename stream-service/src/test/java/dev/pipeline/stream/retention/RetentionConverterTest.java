package dev.pipeline.stream.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionConverterTest {

    @Test
    void readsTheContractsFormsAndZero() {
        assertThat(RetentionConverter.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(RetentionConverter.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(RetentionConverter.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(RetentionConverter.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(RetentionConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetentionConverter.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(RetentionConverter.parse("0")).isZero();
        assertThat(RetentionConverter.parse("0d")).isZero();
    }

    @Test
    void readsPlainSecondsIsoAndForgivesCaseAndBlanks() {
        assertThat(RetentionConverter.parse("3600")).isEqualTo(Duration.ofHours(1));
        assertThat(RetentionConverter.parse(" 7D ")).isEqualTo(Duration.ofDays(7));
        assertThat(RetentionConverter.parse("P7D")).isEqualTo(Duration.ofDays(7));
        assertThat(RetentionConverter.parse("pt12h")).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void refusesAnythingElseWithAMessageThatSaysWhatToWrite() {
        for (String bad : new String[] {"7x", "d", "-7d", "7.5d", "1w", "seven days", "", "P-1D", "99999999999999999999d",
                "9223372036854775807d"}) {
            assertThatThrownBy(() -> RetentionConverter.parse(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "' is not a retention")
                    .hasMessageContaining("7d, 12h, 30m or 30s, or 0 to keep the files for ever");
        }
    }

    @Test
    void formatsBackToTheShortestForm() {
        assertThat(RetentionConverter.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(RetentionConverter.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(RetentionConverter.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(RetentionConverter.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(RetentionConverter.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(RetentionConverter.format(Duration.ZERO)).isEqualTo("0");
    }

    @Test
    void checksEveryTenthOfTheShortestRetentionBetweenASecondAndAMinute() {
        assertThat(Retention.checkInterval(java.util.List.of(Duration.ofDays(7), Duration.ofDays(30))))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(Retention.checkInterval(java.util.List.of(Duration.ofMinutes(2), Duration.ZERO)))
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(Retention.checkInterval(java.util.List.of(Duration.ofSeconds(3), Duration.ofDays(1))))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(Retention.checkInterval(java.util.List.of(Duration.ZERO, Duration.ZERO)))
                .isEqualTo(Duration.ofMinutes(1));
    }
}
