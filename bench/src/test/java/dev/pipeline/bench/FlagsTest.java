package dev.pipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagsTest {

    private static Flags parse(String... args) {
        return Flags.parse(args, Set.of("--out", "--files", "--every", "--rate"), Set.of("--touch"));
    }

    @Test
    void readsValuesSwitchesAndDefaults() {
        Flags flags = parse("--files", "12", "--touch", "--every", "500ms", "--out", "dir");
        assertThat(flags.integer("--files", 1)).isEqualTo(12);
        assertThat(flags.has("--touch")).isTrue();
        assertThat(flags.duration("--every", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(flags.path("--out")).contains(Path.of("dir"));
        assertThat(flags.decimal("--rate", 1000)).isEqualTo(1000);
        assertThat(flags.string("--rate")).isEmpty();
    }

    @Test
    void theLastOfARepeatedFlagWins() {
        assertThat(parse("--files", "1", "--files", "2").integer("--files", 0)).isEqualTo(2);
    }

    @Test
    void durationsTakeTheUnitsTheScriptsUse() {
        assertThat(Flags.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Flags.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Flags.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Flags.parseDuration("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Flags.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Flags.parseDuration("7")).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> Flags.parseDuration("soon")).hasMessageContaining("not a duration: soon");
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> parse("--nope", "1")).hasMessage("unknown option --nope");
        assertThatThrownBy(() -> parse("--out")).hasMessage("missing value after --out");
        assertThatThrownBy(() -> parse("--out", "--touch")).hasMessage("missing value after --out");
        assertThatThrownBy(() -> parse("--files", "x").integer("--files", 1))
                .hasMessage("--files must be a whole number, got x");
        assertThatThrownBy(() -> parse("--files", "0").integer("--files", 1, 1, 10))
                .hasMessage("--files must be a whole number from 1 to 10, got 0");
        assertThatThrownBy(() -> parse("--every", "1x").duration("--every", Duration.ZERO))
                .hasMessageStartingWith("--every: not a duration");
    }

    @Test
    void loadOptionsKeepTheirDefaultsAndLimits() {
        LoadOptions options = LoadOptions.parse(new String[] {"--url", "http://127.0.0.1:9/", "--connections", "8"});
        assertThat(options.eventsUri().toString()).isEqualTo("http://127.0.0.1:9/events");
        assertThat(options.connections()).isEqualTo(8);
        assertThat(options.batch()).isEqualTo(500);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.apiKey()).isEmpty();
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--batch", "10001"}))
                .hasMessageContaining("--batch must be a whole number from 1 to 10000");
    }

    @Test
    void rateOptionsKeepTheirDefaults() {
        RateLoad.Options options = RateLoad.Options.parse(new String[] {"--rate", "5000", "--run-id", "abc1"});
        assertThat(options.rate()).isEqualTo(5000);
        assertThat(options.batch()).isEqualTo(100);
        assertThat(options.connections()).isEqualTo(8);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.warmup()).isEqualTo(Duration.ZERO);
        assertThat(options.runId()).contains("abc1");
        assertThatThrownBy(() -> RateLoad.Options.parse(new String[] {"--run-id", "a-b"}))
                .hasMessageContaining("--run-id takes 1-30 letters and digits");
    }
}
