package dev.pipeline.bench.scenario.collector;

import static dev.pipeline.bench.scenario.PrintedTables.HEAD;
import static dev.pipeline.bench.scenario.PrintedTables.printed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.ScenarioRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table of a collector results file, as the collector benchmark has always printed it. */
class CollectorTableTest {

    @TempDir
    Path dir;

    /** Collector results files from before the scenario field are still printed, as collectors'. */
    @Test
    void anOldCollectorFileWithoutScenarioPrintsAsACollectorTable() throws Exception {
        Path file = dir.resolve("collector-2026-11-25T214438Z.json");
        Files.writeString(file, "{" + HEAD + """
                "settings": {"batch": 500, "duration_s": 20, "warmup_s": 5, "port": 8081},
                "runs": [{"fsync": true, "connections": 8,
                          "collector": {"rss_max_mb": 874.2, "hwm_mb": 874.2, "cpu_cores": 1.42, "tcp_connections": 8, "samples": 52},
                          "client": {"connections": 8, "events_per_sec": 204550, "latency_ms": {"p50": 15.8, "p90": 31.4, "p99": 81.7, "max": 217},
                                     "status": {"202": 8182}, "backpressure_503": 0, "errors": 0, "client_cpu_s": 6.36,
                                     "client_cpu_ms_per_100k_events": 155.5}}]}""");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = ScenarioRunner.table(file, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(status).isZero();
        assertThat(lines[0]).isEqualTo("collector bench 2026-11-26T11:09:05Z, commit b274757 (uncommitted changes), 2 cores, 24152 MiB;"
                + " batch 500, 20s measured after 5s warm-up");
        assertThat(lines[3].split("\\s+")).containsExactly("on", "8", "204550", "15.8", "31.4", "81.7", "217.0", "8182", "0", "0",
                "6.36", "156", "1.42", "694", "874", "874", "8");
    }

    @Test
    void theProfiledPointIsTheJfrRow() throws Exception {
        JsonNode point = BenchRun.JSON.readTree("""
                {"fsync": false, "connections": 4, "collector": {"cpu_cores": 1.21},
                 "client": {"connections": 4, "events_per_sec": 74500, "latency_ms": {}}}""");
        String json = "{" + HEAD + "\"scenario\": \"collector\", \"settings\": {}, \"runs\": [], \"jfr\": {\"recording\": \"nowhere.jfr\", \"run\": "
                + point + "}}";
        assertThat(printed(new CollectorScenario(), json)).contains("\noff+jfr     4     74500       -").doesNotContain("hot methods");
    }
}
