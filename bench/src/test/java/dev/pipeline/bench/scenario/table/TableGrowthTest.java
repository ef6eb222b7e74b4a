package dev.pipeline.bench.scenario.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableGrowthTest {

    @TempDir
    Path home;

    private TableGrowth.Settings settings(String... args) throws Exception {
        Files.createDirectories(home.resolve("sql"));
        Files.writeString(home.resolve("sql/postgres_setup.sql"), "SELECT 1;");
        return TableGrowth.Settings.of(Flags.parse(args, Set.of("--preload", "--rows", "--files", "--span", "--schema"), Set.of()),
                home);
    }

    @Test
    void readsEachCopysTimeFromPsqlsTiming() {
        assertThat(TableGrowth.fileTimes(List.of("Timing is on.", "Time: 812.345 ms", "Time: 1234.5 ms (00:01.235)", "COPY 10")))
                .containsExactly(812.345, 1234.5);
    }

    @Test
    void ratesTheFirstAndLastTenthOfTheFiles() {
        // 11 files: a tenth is 2 of them
        List<Double> ms = List.of(100.0, 100.0, 150.0, 150.0, 150.0, 150.0, 150.0, 150.0, 150.0, 200.0, 300.0);
        ObjectNode preload = TableGrowth.preloadFigures(ms, 10_000, 110_000, 1_800, 349, 75);
        assertThat(preload.get("files").asInt()).isEqualTo(11);
        assertThat(preload.get("rows_per_sec").asLong()).isEqualTo(61_111);
        assertThat(preload.get("rows_per_sec_first_tenth").asLong()).isEqualTo(100_000);
        assertThat(preload.get("rows_per_sec_last_tenth").asLong()).isEqualTo(40_000);
        assertThat(preload.get("vacuum_analyze_s").asDouble()).isEqualTo(0.349);
    }

    @Test
    void roundsThePreloadToWholeFilesOfTheBatchsSize() throws Exception {
        TableGrowth.Settings settings = settings("--preload", "200000", "--rows", "50005", "--files", "10", "--span", "24h");
        assertThat(settings.rowsPerFile()).isEqualTo(5000);
        assertThat(settings.rows()).isEqualTo(50_000);
        assertThat(settings.preloadFiles()).isEqualTo(40);
        assertThat(settings.spanMs()).isEqualTo(86_400_000);
        assertThat(settings("--preload", "1", "--rows", "1000", "--files", "10").preload()).isEqualTo(100);
    }

    @Test
    void refusesABatchOfFewerRowsThanFilesAndASpanThatIsNoDuration() {
        assertThatThrownBy(() -> settings("--rows", "5", "--files", "10")).hasMessageContaining("--rows must be at least --files");
        assertThatThrownBy(() -> settings("--span", "1w")).hasMessageContaining("not a duration");
    }
}
