package dev.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.harness.ServiceModule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HeapsTest {

    @Test
    void withoutVariablesEachServiceGetsItsDefaults() {
        Heaps heaps = Heaps.of(Map.of());

        assertThat(heaps.options(ServiceModule.COLLECTOR)).containsExactly("-Xmx160m", "-XX:+ExitOnOutOfMemoryError");
        assertThat(heaps.options(ServiceModule.STREAM))
                .containsExactly("-Xmx512m", "-XX:MaxDirectMemorySize=128m", "-XX:+ExitOnOutOfMemoryError");
        assertThat(heaps.options(ServiceModule.GENERATOR)).containsExactly("-Xmx128m", "-XX:+ExitOnOutOfMemoryError");
        assertThat(heaps.summary()).isEqualTo("collector -Xmx160m, stream -Xmx512m, generator -Xmx128m");
    }

    @Test
    void aVariableReachesOnlyItsService() {
        Heaps heaps = Heaps.of(Map.of("STREAM_JAVA_OPTS", "  -Xmx2g   -Dspark.x=y ", "COLLECTOR_JAVA_OPTS", " "));

        assertThat(heaps.options(ServiceModule.STREAM))
                .containsExactly("-XX:MaxDirectMemorySize=128m", "-XX:+ExitOnOutOfMemoryError", "-Xmx2g", "-Dspark.x=y");
        assertThat(heaps.options(ServiceModule.COLLECTOR)).isEqualTo(Heaps.DEFAULTS.get(ServiceModule.COLLECTOR));
        assertThat(heaps.options(ServiceModule.GENERATOR)).isEqualTo(Heaps.DEFAULTS.get(ServiceModule.GENERATOR));
        assertThat(heaps.summary()).isEqualTo("collector -Xmx160m, stream -Xmx2g, generator -Xmx128m");
    }

    @Test
    void anyHeapSizeOptionReplacesTheDefaultXmx() {
        // The JVM ignores MaxRAMPercentage next to an -Xmx: the default must go for it to count.
        assertThat(Heaps.merge(List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"), List.of("-XX:MaxRAMPercentage=25")))
                .containsExactly("-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=25");
        assertThat(Heaps.merge(List.of("-Xmx512m"), List.of("-XX:MaxHeapSize=1g"))).containsExactly("-XX:MaxHeapSize=1g");
        assertThat(Heaps.merge(List.of("-Xmx512m"), List.of("-XX:MaxRAM=4g"))).containsExactly("-XX:MaxRAM=4g");
        // -Xms is not the maximum: the default cap stays.
        assertThat(Heaps.merge(List.of("-Xmx512m"), List.of("-Xms64m"))).containsExactly("-Xmx512m", "-Xms64m");
    }

    @Test
    void aSwitchTurnedTheOtherWayReplacesTheDefault() {
        assertThat(Heaps.merge(List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"), List.of("-XX:-ExitOnOutOfMemoryError")))
                .containsExactly("-Xmx512m", "-XX:-ExitOnOutOfMemoryError");
        assertThat(Heaps.merge(List.of("-XX:MaxDirectMemorySize=128m"), List.of("-XX:MaxDirectMemorySize=1g")))
                .containsExactly("-XX:MaxDirectMemorySize=1g");
    }

    @Test
    void otherOptionsAreAddedInTheirOrder() {
        assertThat(Heaps.merge(List.of("-Xmx160m"), List.of("-XX:+UseSerialGC", "-Dfoo=1", "-verbose:gc")))
                .containsExactly("-Xmx160m", "-XX:+UseSerialGC", "-Dfoo=1", "-verbose:gc");
    }

    @Test
    void flagsNameWhatAnOptionSets() {
        assertThat(Heaps.flag("-Xss512k")).isEqualTo("-Xss");
        assertThat(Heaps.flag("-XX:MaxMetaspaceSize=256m")).isEqualTo("-XX:MaxMetaspaceSize");
        assertThat(Heaps.flag("-XX:+UseG1GC")).isEqualTo("-XX:UseG1GC");
        assertThat(Heaps.flag("-Dspark.driver.memory=1g")).isEqualTo("-Dspark.driver.memory");
        assertThat(Heaps.flag("-Xmx1g")).isEqualTo(Heaps.flag("-XX:MaxRAMPercentage=50"));
    }

    @Test
    void variablesAreNamedAfterTheServices() {
        assertThat(Heaps.variable(ServiceModule.COLLECTOR)).isEqualTo("COLLECTOR_JAVA_OPTS");
        assertThat(Heaps.variable(ServiceModule.STREAM)).isEqualTo("STREAM_JAVA_OPTS");
        assertThat(Heaps.variable(ServiceModule.GENERATOR)).isEqualTo("GENERATOR_JAVA_OPTS");
    }

    @Test
    void helpNamesEveryDefaultAndVariable() {
        String help = Launcher.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");

        for (ServiceModule module : ServiceModule.values()) {
            assertThat(help).contains(Heaps.variable(module));
            for (String option : Heaps.DEFAULTS.get(module)) {
                assertThat(help).contains(option);
            }
        }
    }
}
