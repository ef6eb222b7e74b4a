package dev.pipeline.bench.scenario.startup;

import static dev.pipeline.bench.scenario.PrintedTables.HEAD;
import static dev.pipeline.bench.scenario.PrintedTables.printed;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The table of a startup results file, as the former script printed it. */
class StartupTablesTest {

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
}
