package dev.pipeline.bench.scenario.startup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.BenchRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupFiguresTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFirstStartedInLineOfAQuarkusLog() throws Exception {
        Path log = dir.resolve("collector-1.log");
        Files.writeString(log, """
                ---- 2026-12-06T19:04:09Z the harness starts collector-1
                19:04:10.211 INFO  [io.quarkus] (main) collector-service 1.0.0-SNAPSHOT on JVM (powered by Quarkus 3.15.1) started in 1.213s. Listening on: http://0.0.0.0:18081
                19:04:10.212 INFO  [io.quarkus] (main) restarted, started in 9.9s. again
                """);
        assertThat(StartupFigures.quarkusStartedSeconds(log)).isEqualTo(1.213);
        Files.writeString(log, "19:04:10.211 INFO  [io.quarkus] (main) starting\n");
        assertThat(StartupFigures.quarkusStartedSeconds(log)).isNull();
    }

    @Test
    void takesTheLowerMiddleOfAnEvenNumberOfRunsAndSkipsMissingFigures() throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        for (long ready : new long[] {1450, 1190, 1334, 1500}) {
            runs.add(new StartupFigures(ready, null, 2.0, 100, 110, 120, 0.01, 100).toJson());
        }
        JsonNode median = StartupFigures.medians(runs);
        assertThat(median.path("ready_ms").asLong()).isEqualTo(1334);
        assertThat(StartupFigures.medians(runs.subList(0, 3)).path("ready_ms").asLong()).isEqualTo(1334);
        assertThat(median.path("cpu_s_to_ready").asDouble()).isEqualTo(2.0);
        assertThat(median.has("quarkus_started_s")).isFalse();
        assertThat(StartupFigures.medians(List.of()).path("ready_ms").isNull()).isTrue();
    }

    @Test
    void writesARunAsTheScriptDid() throws Exception {
        String json = BenchRun.JSON.writeValueAsString(new StartupFigures(1190, 1.059, 1.87, 114, 114, 118, 0.006, 103).toJson());
        assertThat(json).isEqualTo("{\"ready_ms\":1190,\"quarkus_started_s\":1.059,\"cpu_s_to_ready\":1.87,\"rss_ready_mb\":114,"
                + "\"rss_idle_mb\":114,\"hwm_mb\":118,\"idle_cores\":0.006,\"sigterm_to_exit_ms\":103}");
        assertThat(BenchRun.JSON.writeValueAsString(new StartupFigures(1, null, 2.0, 1, 1, 1, 0, 1).toJson()))
                .contains("\"quarkus_started_s\":null,\"cpu_s_to_ready\":2,");
    }

    @Test
    void idleCoresComeFromCpuSecondsRoundedToHundredths() {
        // 1.874 -> 1.87 and 2.006 -> 2.01: 0.14 s over 20 s
        assertThat(StartupFigures.idleCores(1.874, 2.006, 20_000)).isEqualTo(0.007);
        assertThat(StartupFigures.idleCores(1.0, 1.0, 2_000)).isEqualTo(0.0);
    }
}
