package dev.pipeline.bench.scenario.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.bench.Flags;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    private static ClusterSettings settings(String... args) {
        return ClusterSettings.of(Flags.parse(args, Set.of("--modes", "--rows", "--files", "--local-master", "--executor-memory",
                "--worker-memory", "--spark-home"), Set.of()), Path.of("/repo"));
    }

    @Test
    void readsModesSeparatedByCommasOrBlanks() {
        ClusterSettings settings = settings("--modes", "local, cluster2x1 cluster1x2", "--rows", "20000", "--files", "4");
        assertThat(settings.modes()).containsExactly(new ClusterMode("local", 0, 0), new ClusterMode("cluster2x1", 2, 1),
                new ClusterMode("cluster1x2", 1, 2));
        assertThat(settings.rowsPerFile()).isEqualTo(5000);
        assertThat(settings.anyCluster()).isTrue();
        assertThat(settings.sparkHome()).isEqualTo(Path.of("/repo/spark-home/target/spark-home"));
    }

    @Test
    void sparkCoresAreTheTaskSlots() {
        ClusterMode local = ClusterMode.parse("local");
        assertThat(local.sparkCores("local[2]")).isEqualTo(2);
        assertThat(local.sparkCores("local")).isEqualTo(1);
        assertThat(local.sparkCores("local[*]")).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(ClusterMode.parse("cluster3x2").sparkCores("local[2]")).isEqualTo(6);
    }

    @Test
    void refusesWhatCannotRun() {
        assertThatThrownBy(() -> settings("--modes", "cluster0x1")).hasMessageContaining("unknown mode cluster0x1");
        assertThatThrownBy(() -> settings("--modes", " ")).hasMessageContaining("at least one mode");
        assertThatThrownBy(() -> settings("--rows", "1000", "--files", "3")).hasMessageContaining("must divide");
        assertThatThrownBy(() -> settings("--local-master", "local[0]")).hasMessageContaining("--local-master");
        assertThatThrownBy(() -> settings("--executor-memory", "2g", "--worker-memory", "1536m"))
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> settings("--worker-memory", "1.5g")).hasMessageContaining("not a memory size");
    }

    @Test
    void readsSparkMemorySizes() {
        assertThat(ClusterSettings.sizeMb("1g")).isEqualTo(1024);
        assertThat(ClusterSettings.sizeMb("1536m")).isEqualTo(1536);
        assertThat(ClusterSettings.sizeMb("2G")).isEqualTo(2048);
    }
}
