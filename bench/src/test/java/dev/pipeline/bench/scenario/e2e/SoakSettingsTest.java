package dev.pipeline.bench.scenario.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.bench.Flags;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SoakSettingsTest {

    private static SoakScenario.Settings settings(String... args) {
        return SoakScenario.Settings.of(Flags.parse(args, new SoakScenario().valueFlags(), Set.of()));
    }

    @Test
    void retentionsAreTakenAsTheStreamServiceTakesThem() {
        assertThat(SoakScenario.Settings.seconds("10m")).isEqualTo(600);
        assertThat(SoakScenario.Settings.seconds("7d")).isEqualTo(604_800);
        assertThat(SoakScenario.Settings.seconds("P7D")).isEqualTo(604_800);
        assertThat(SoakScenario.Settings.seconds("90")).isEqualTo(90);
        assertThat(SoakScenario.Settings.seconds("0")).isNull();
        assertThat(SoakScenario.Settings.seconds(null)).isNull();
    }

    @Test
    void theRetentionsGivenReachTheStreamServiceAsTheyWereWritten() {
        SoakScenario.Settings given = settings("--processed-retention", "10m", "--error-retention", "P1D", "--duration", "3m");

        assertThat(given.streamEnv()).isEqualTo(Map.of("PIPELINE_PROCESSED_RETENTION", "10m", "PIPELINE_ERROR_RETENTION", "P1D"));
        assertThat(given.duration()).isEqualTo(Duration.ofMinutes(3));
        // With a retention, processed/ holds at most a retention period and a sweep (plus a minute) of CSV.
        assertThat(given.folderNeed()).isEqualTo(20_000L * (180 + 60) * SoakScenario.CSV_BYTES_PER_EVENT);
    }

    @Test
    void wrongSettingsAreRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> settings("--processed-retention", "soon"))
                .hasMessageStartingWith("--processed-retention (PIPELINE_PROCESSED_RETENTION): not a duration: soon");
        assertThatThrownBy(() -> settings("--error-retention", "P1X")).hasMessageContaining("not a retention: P1X");
        assertThatThrownBy(() -> settings("--duration", "50s")).hasMessageContaining("at least 6 readings");
        assertThatThrownBy(() -> settings("--every", "500ms")).hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> settings("--config", "fast")).hasMessageContaining("ROLL/TRIGGER");
    }
}
