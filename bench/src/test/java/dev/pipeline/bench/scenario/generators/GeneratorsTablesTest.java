package dev.pipeline.bench.scenario.generators;

import static dev.pipeline.bench.scenario.PrintedTables.HEAD;
import static dev.pipeline.bench.scenario.PrintedTables.printed;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The table of a generators results file, as the former script printed it. */
class GeneratorsTablesTest {

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
}
