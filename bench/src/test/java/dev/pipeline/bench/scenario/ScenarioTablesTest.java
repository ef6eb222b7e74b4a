package dev.pipeline.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.collector.CollectorScenario;
import dev.pipeline.bench.scenario.generators.GeneratorsScenario;
import dev.pipeline.bench.scenario.startup.StartupScenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tables of startup, collector and generators results files, as the scripts printed them. */
class ScenarioTablesTest {

    @TempDir
    Path dir;

    private static String printed(Scenario scenario, String json) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        scenario.printTables(BenchRun.JSON.readTree(json), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static final String HEAD = """
            "date": "2026-11-26T11:09:05Z", "git_commit": "b274757", "git_dirty": true,
            "machine": {"nproc": 2, "mem_total_mb": 24152, "loadavg_at_start": "0.42 1.73 1.94"},""";

    /** Expected: what the former bench/generators-bench.sh (jq + column) printed for the same file. */
    @Test
    void generatorsWithATargetRate() throws Exception {
        String json = "{" + HEAD + """
                "scenario": "generators",
                "settings": {"rate_per_generator": 20000, "collector_fsync": true, "batch_size": 100, "warmup_s": 10, "duration_s": 30},
                "runs": [
                  {"generators": 1, "events_per_sec": 284069, "events_per_sec_per_generator": 284069,
                   "cpu_cores": {"collector": 1.1, "generators": 0.66, "machine": 1.82}, "events_per_generator_core": 430600,
                   "retries": 0, "failed": 0, "target_events_per_sec": 20000, "of_target": 1, "reached_target": true},
                  {"generators": 2, "events_per_sec": 350819, "events_per_sec_per_generator": 175409,
                   "cpu_cores": {"collector": 1.06, "generators": 0.85, "machine": 1.98}, "events_per_generator_core": null,
                   "retries": 0, "failed": 0, "target_events_per_sec": 40000, "of_target": 0.987, "reached_target": false}],
                "ids": {"files": 258, "files_bad_header": 0, "rows": 34364500, "distinct_ids": 34364500, "duplicate_ids": 0,
                        "collector_accepted": null, "work_files_left": 0}}""";
        assertThat(printed(new GeneratorsScenario(), json)).isEqualTo("""
                generators bench 2026-11-26T11:09:05Z, commit b274757 (uncommitted changes), 2 cores, 24152 MiB, load at start 0.42 1.73 1.94
                one collector (fsync true); generators at 20000 events/s each, 100 events per request; 10 s warm-up, 30 s measured per count

                N  events/s acked  per generator  collector cores  generator cores  events/s per gen core  machine cores  retries  failed  target events/s  reached
                1  284069          284069         1.1              0.66             430600                 1.82           0        0       20000            yes
                2  350819          175409         1.06             0.85             -                      1.98           0        0       40000            NO (0.987)

                event ids in the 258 raw files: 34364500 rows, 34364500 distinct => duplicate_ids 0; the collector accepted null (!= rows); files with a wrong header 0, unpublished work files 0
                """);
    }

    @Test
    void startupByService() throws Exception {
        String json = "{" + HEAD + """
                "scenario": "startup",
                "settings": {"runs": 1, "idle_s": 2, "java_opts": "", "stream_env": "",
                             "generator_env": "GENERATOR_RATE=100 GENERATOR_BATCH_SIZE=10 "},
                "runs": [],
                "services": {
                  "collector": {"runs": [{"ready_ms": 1386, "quarkus_started_s": null, "cpu_s_to_ready": 2.03, "rss_ready_mb": 121,
                                          "rss_idle_mb": 125, "hwm_mb": 126, "idle_cores": 0.035, "sigterm_to_exit_ms": 129}]},
                  "generator": {"runs": [{"ready_ms": 1885, "quarkus_started_s": 1.63, "cpu_s_to_ready": 2.58, "rss_ready_mb": 148,
                                          "rss_idle_mb": 151, "hwm_mb": 151, "idle_cores": 0.105, "sigterm_to_exit_ms": 76}]}},
                "peak_under_load": null}""";
        assertThat(printed(new StartupScenario(), json)).isEqualTo("""
                startup bench 2026-11-26T11:09:05Z, commit b274757 (uncommitted changes), 2 cores, 24152 MiB,  shared_buffers ?, load at start 0.42 1.73 1.94
                1 start-ups of each service, RSS read after 2 s idle; JVM options: none; default settings; the generator at GENERATOR_RATE=100 GENERATOR_BATCH_SIZE=10\s

                service    run  ready ms  Quarkus s  CPU s to ready  RSS ready MB  RSS idle MB  HWM MB  idle cores  SIGTERM->exit ms
                collector  1    1386      -          2.03            121           125          126     0.035       129
                generator  1    1885      1.63       2.58            148           151          151     0.105       76
                """);
    }

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
