package dev.pipeline.bench.scenario.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.bench.Flags;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateLoadShapeTest {

    private static RateLoadShape shape(String... args) {
        return RateLoadShape.of(Flags.parse(args, Set.of("--batch", "--connections", "--drain-timeout"), Set.of()));
    }

    @Test
    void autoBatchIs100UpTo10000EventsPerSecondAnd500Above() {
        RateLoadShape auto = shape("--batch", "auto");
        assertThat(auto.batchFor(10_000)).isEqualTo(100);
        assertThat(auto.batchFor(10_001)).isEqualTo(500);
        assertThat(auto.batchSetting().asText()).isEqualTo("auto");
    }

    @Test
    void aGivenBatchIsUsedAtEveryRate() {
        RateLoadShape fixed = shape("--batch", "250", "--connections", "4", "--drain-timeout", "60");
        assertThat(fixed.batchFor(50_000)).isEqualTo(250);
        assertThat(fixed.batchSetting().isNumber()).isTrue();
        assertThat(fixed.connections()).isEqualTo(4);
        assertThat(fixed.drainTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void refusesABatchThatIsNeitherANumberNorAuto() {
        assertThatThrownBy(() -> shape("--batch", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shape("--batch", "many")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsRollTriggerPairs() {
        assertThat(RollTrigger.parseList("500ms/1s, 100ms/0s")).containsExactly(new RollTrigger("500ms", "1s"),
                new RollTrigger("100ms", "0s"));
        assertThatThrownBy(() -> RollTrigger.parse("500ms")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RollTrigger.parse("1h/1s")).isInstanceOf(IllegalArgumentException.class);
    }
}
