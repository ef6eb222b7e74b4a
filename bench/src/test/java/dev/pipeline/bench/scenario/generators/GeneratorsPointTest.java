package dev.pipeline.bench.scenario.generators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.BenchRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorsPointTest {

    private static JsonNode json(String text) throws Exception {
        return BenchRun.JSON.readTree(text);
    }

    private static GeneratorsPoint point(double rate) throws Exception {
        return new GeneratorsPoint(List.of(18083, 18084), 2500, 3, 10_037,
                List.of(json("{\"acked\":1000,\"retries\":1,\"failed\":0,\"rejected\":0,\"state\":\"running\"}"),
                        json("{\"acked\":2000,\"retries\":0,\"failed\":2,\"rejected\":1,\"state\":\"running\"}")),
                List.of(json("{\"acked\":301000,\"retries\":3,\"failed\":0,\"rejected\":0,\"state\":\"running\"}"),
                        json("{\"acked\":252000,\"retries\":0,\"failed\":5,\"rejected\":4,\"state\":\"paused\"}")),
                List.of(1.5, 2.25), List.of(4.75, 6.01), 10.5, 21.33, 1.97, rate, 400, 700, 1);
    }

    /** The expected document is what the former bench/generators-bench.sh (jq) made of the same readings. */
    @Test
    void computesTheRunEntryAsTheScriptsJqDid() throws Exception {
        JsonNode expected = json("""
                {"generators":2,"ready_ms":2500,"quiet_waited_s":3,"window_s":10.037,"events_acked":550000,"events_per_sec":54797,
                 "events_per_sec_per_generator":27399,"target_events_per_sec":60000,"of_target":0.913,"reached_target":false,
                 "cpu_s":{"collector":10.83,"generators":7.01},"cpu_cores":{"collector":1.08,"generators":0.7,"machine":1.97,"other":0.19},
                 "events_per_generator_core":78459,"collector_cpu_ms_per_100k":1969,"generator_cpu_ms_per_100k":1275,"retries":2,
                 "failed":3,"rejected":3,"generator_log_warnings":1,"rss_mb":{"collector":400,"generators":700},
                 "per_generator":[{"port":18083,"acked":300000,"events_per_sec":29889,"retries":2,"failed":0,"rejected":0,"cpu_s":3.25,
                                   "cores":0.32,"state":"running"},
                                  {"port":18084,"acked":250000,"events_per_sec":24908,"retries":0,"failed":3,"rejected":3,"cpu_s":3.76,
                                   "cores":0.37,"state":"paused"}]}""");
        JsonNode actual = json(BenchRun.JSON.writeValueAsString(point(30_000).toJson()));
        assertThat(actual).isEqualTo(expected);
        assertThat(BenchRun.JSON.writeValueAsString(point(30_000).toJson())).contains("\"generators\":0.7,").doesNotContain("0.70");
    }

    @Test
    void anUnboundedRateHasNoTarget() throws Exception {
        JsonNode point = point(0).toJson();
        assertThat(point.path("target_events_per_sec").isNull()).isTrue();
        assertThat(point.path("of_target").isNull()).isTrue();
        assertThat(point.path("reached_target").isNull()).isTrue();
        assertThat(point.path("events_per_sec").asLong()).isEqualTo(54797);
    }
}
