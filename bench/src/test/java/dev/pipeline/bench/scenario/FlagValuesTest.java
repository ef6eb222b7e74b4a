package dev.pipeline.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagValuesTest {

    @Test
    void checksNumbersAndListsAsTheScriptsDid() {
        assertThat(FlagValues.positiveInt("--runs", "3")).isEqualTo(3);
        assertThatThrownBy(() -> FlagValues.positiveInt("--runs", "0")).hasMessage("--runs: not a positive whole number: 0");
        assertThatThrownBy(() -> FlagValues.positiveInt("--runs", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(FlagValues.positiveInts("--connections", "1,8, 32 128")).isEqualTo(List.of(1, 8, 32, 128));
        assertThatThrownBy(() -> FlagValues.positiveInts("--connections", ",")).hasMessageContaining("at least one");
    }

    @Test
    void checksDurations() {
        assertThat(FlagValues.duration("--warmup", "0")).isEqualTo(Duration.ZERO);
        assertThat(FlagValues.positiveDuration("--idle", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> FlagValues.positiveDuration("--idle", "0s")).hasMessage("--idle must be more than 0");
        assertThatThrownBy(() -> FlagValues.duration("--warmup", "-5s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> FlagValues.duration("--warmup", "soon")).hasMessageStartingWith("--warmup: ");
        assertThat(FlagValues.text(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(FlagValues.text(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
