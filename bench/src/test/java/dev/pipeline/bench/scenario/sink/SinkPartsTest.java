package dev.pipeline.bench.scenario.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.bench.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkPartsTest {

    @TempDir
    Path home;

    private SinkParts.Settings settings(String... args) throws Exception {
        Files.createDirectories(home.resolve("sql"));
        Files.writeString(home.resolve("sql/postgres_setup.sql"), "SELECT 1;");
        return SinkParts.Settings.of(Flags.parse(args, Set.of("--files", "--rows-per-file", "--ids", "--parts", "--schema"),
                Set.of("--jfr")), home);
    }

    @Test
    void runsEveryPartByDefault() throws Exception {
        SinkParts.Settings settings = settings("--files", "4", "--rows-per-file", "5000");
        assertThat(SinkParts.ALL).allMatch(settings::has);
        assertThat(settings.rows()).isEqualTo(20_000);
        assertThat(settings.schema().file()).isEqualTo(home.resolve("sql/postgres_setup.sql"));
    }

    @Test
    void refusesWhatCannotRun() {
        assertThatThrownBy(() -> settings("--parts", "stream,psq")).hasMessageContaining("unknown part psq");
        assertThatThrownBy(() -> settings("--parts", "psql,explain")).hasMessageContaining("needs stream too");
        assertThatThrownBy(() -> settings("--ids", "uuid4")).hasMessageContaining("uuid7 or random");
        assertThatThrownBy(() -> settings("--files", "0")).hasMessageContaining("--files");
        assertThatThrownBy(() -> settings("--schema", "nope.sql")).hasMessageContaining("no schema file");
    }

    @Test
    void theMoveStatementsAreTheServicesAndItsVariants() {
        assertThat(SinkParts.MOVES.keySet()).containsExactly("service", "service_work_mem_256mb", "on_conflict_no_order",
                "plain_insert_select");
        assertThat(SinkParts.MOVES.get("service")).isEqualTo("INSERT INTO user_events (event_id, user_id, event_type, product_id,"
                + " price, event_timestamp, received_at) SELECT event_id, user_id, event_type, product_id, price, event_timestamp,"
                + " received_at FROM bench_rows ORDER BY event_id, received_at ON CONFLICT (event_id) DO NOTHING");
    }

    @Test
    void readsTheAddOpensOfTheStreamServicesPom() throws Exception {
        Path pom = Files.writeString(home.resolve("pom.xml"), """
                <properties>
                    <spark.add-opens>
                        --add-opens=java.base/java.lang=ALL-UNNAMED
                        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
                    </spark.add-opens>
                </properties>""");
        assertThat(SparkJdbcRun.addOpens(pom)).containsExactly("--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    }
}
