package dev.pipeline.bench.scenario.collector;

import static dev.pipeline.bench.scenario.PrintedTables.HEAD;
import static dev.pipeline.bench.scenario.PrintedTables.printed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.pipeline.bench.scenario.BenchRun;
import org.junit.jupiter.api.Test;

class TrackersScenarioTest {

    private static final String RUNS = """
            [{"protocol": "events", "connections": 32, "rows": 18000000, "events_per_sec": 600000, "messages_per_sec": 600000,
              "requests_per_sec": 1200, "machine_cores_busy": 1.98, "quiet_waited_s": 3.1,
              "collector": {"cpu_cores": 1.5}, "client": {"body_bytes": 80000, "latency_ms": {"p50": 24.1, "p99": 80.2},
                                                        "backpressure_503": 0, "errors": 0, "client_cpu_s": 12.5}},
             {"protocol": "segment", "connections": 32, "rows": 6900000, "events_per_sec": 230000, "messages_per_sec": 200000,
              "requests_per_sec": 2000, "collector": {"cpu_cores": 1.6}, "client": {"body_bytes": 38000, "latency_ms": {}}},
             {"protocol": "snowplow", "connections": 8, "rows": 90000, "events_per_sec": 90000, "messages_per_sec": 78260.9,
              "requests_per_sec": 782.6, "collector": {}, "client": {}}]""";

    @Test
    void eachPathsEventsPerSecondOverTheNativeOnesAtTheSameConnections() throws Exception {
        ArrayNode runs = (ArrayNode) BenchRun.JSON.readTree(RUNS);
        TrackersScenario.ratios(runs);
        assertThat(runs.get(0).path("ratio_to_events").asDouble()).isEqualTo(1.0);
        assertThat(runs.get(1).path("ratio_to_events").asDouble()).isEqualTo(0.38);
        assertThat(runs.get(2).has("ratio_to_events")).as("no native point at 8 connections").isFalse();
    }

    @Test
    void printsOneRowAPathAndTheGoal() throws Exception {
        ArrayNode runs = (ArrayNode) BenchRun.JSON.readTree(RUNS);
        TrackersScenario.ratios(runs);
        String json = "{" + HEAD + "\"scenario\": \"trackers\", \"settings\": {\"batch\": 500, \"messages\": 100, \"fsync\": true,"
                + " \"duration_s\": 30, \"warmup_s\": 5}, \"runs\": " + runs + ", \"reconciliation\": {\"raw_rows\": 24990000,"
                + " \"collector_accepted\": 24990000, \"collector_rejected\": 0, \"adds_up\": true}}";
        String text = printed(new TrackersScenario(), json);
        String[] lines = text.split("\n");
        assertThat(lines[0]).endsWith("500 events per POST /events, 100 messages per tracker request, fsync on, 30s measured after 5s warm-up");
        assertThat(lines[2].split("\\s{2,}")).containsExactly("events", "32", "600,000", "1.00", "600,000", "1,200", "78.1", "24.1", "80.2",
                "0", "0", "1.50", "250", "12.50", "1.98", "3");
        assertThat(lines[3]).startsWith("segment").contains("230,000", "0.38");
        assertThat(text).contains("raw/ after the run: 24990000 rows, the collector accepted 24990000 and rejected 0\n")
                .contains("goal (>= 0.5x native and >= 100,000 events/s): segment at 32 connections: 0.38x, 230,000 events/s: NOT met")
                .contains("snowplow at 8 connections: no native point, 90,000 events/s: NOT met");
    }
}
