package dev.pipeline.bench.scenario.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expected figures are what the former e2e-bench.sh's SUSTAIN_JQ gave for the same input (jq 1.6). */
class SustainVerdictTest {

    private static final RollTrigger SETTING = new RollTrigger("200ms", "250ms");

    private static ObjectNode step(long eventsAcked) throws Exception {
        return (ObjectNode) BenchRun.JSON.readTree("""
                {"rate": 2000, "batch": 100, "client": {"batch": 100, "requests_due": 1000, "events_acked": %d,
                 "start_epoch_ms": 985000, "measured_from_epoch_ms": 1000000}}""".formatted(eventsAcked));
    }

    /** Samples (epoch ms, oldest pending age) around a 30 s measured part from epoch 1,000,000 ms. */
    private static List<ObjectNode> samples() {
        long[][] ageAt = {{998000, 9999}, {999450, 300}, {1004450, 500}, {1009450, -1}, {1014450, 700}, {1019450, 1250},
            {1024450, 1100}, {1029450, 1425}, {1032000, 5000}};
        List<ObjectNode> samples = new ArrayList<>();
        for (long[] sample : ageAt) {
            ObjectNode lag = BenchRun.JSON.createObjectNode();
            if (sample[1] >= 0) {
                lag.put("pending_files", 2).put("oldest_pending_age_ms", sample[1]);
            }
            samples.add(LagSampler.of(sample[0], lag));
        }
        return samples;
    }

    @Test
    void computesTheVerdictAsTheScriptsJqDid() throws Exception {
        ObjectNode sustain = SustainVerdict.of(step(99_000), samples(), 30, SETTING);

        assertThat(sustain.path("lag_samples").findValues("t_s")).extracting(JsonNode::asDouble)
                .containsExactly(-0.6, 4.5, 9.5, 14.5, 19.5, 24.5, 29.5);
        assertThat(sustain.path("lag_window_s").asDouble()).isEqualTo(10);
        assertThat(sustain.path("lag_first_minute_mean_ms").asDouble()).isEqualTo(266.7);
        assertThat(sustain.path("lag_last_minute_mean_ms").asDouble()).isEqualTo(1262.5);
        assertThat(sustain.path("lag_slope_ms_per_min").asDouble()).isEqualTo(2489.6);
        assertThat(sustain.path("events_due").asLong()).isEqualTo(100_000);
        assertThat(sustain.path("kept_rate").asBoolean()).isTrue();
        assertThat(sustain.path("flat").asBoolean()).isTrue();
    }

    @Test
    void keepsTheOrderOfTheScriptsObject() throws Exception {
        ObjectNode sustain = SustainVerdict.of(step(99_000), samples(), 30, SETTING);

        List<String> names = new ArrayList<>();
        sustain.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("collector_roll_interval", "stream_trigger_interval", "duration_s", "rate", "batch",
                "client", "lag_samples", "lag_window_s", "lag_first_minute_mean_ms", "lag_last_minute_mean_ms",
                "lag_slope_ms_per_min", "events_due", "kept_rate", "flat", "flat_definition");
        List<String> sampleNames = new ArrayList<>();
        sustain.path("lag_samples").get(0).fieldNames().forEachRemaining(sampleNames::add);
        assertThat(sampleNames).containsExactly("t_s", "pending_files", "pending_bytes", "oldest_pending_age_ms",
                "last_batch_duration_ms", "processed_rows_per_second", "e2e_p50_ms", "e2e_p99_ms");
    }

    @Test
    void aClientThatMissedItsRateIsNotFlat() throws Exception {
        ObjectNode sustain = SustainVerdict.of(step(98_999), samples(), 30, SETTING);

        assertThat(sustain.path("kept_rate").asBoolean()).isFalse();
        assertThat(sustain.path("flat").asBoolean()).isFalse();
    }

    @Test
    void aGrowingLagIsNotFlat() throws Exception {
        List<ObjectNode> growing = new ArrayList<>();
        for (int k = 0; k <= 12; k++) {
            growing.add(LagSampler.of(1_000_000 + k * 5000L,
                    BenchRun.JSON.createObjectNode().put("oldest_pending_age_ms", 1000 + k * 500)));
        }
        ObjectNode sustain = SustainVerdict.of(step(100_000), growing, 60, SETTING);

        assertThat(sustain.path("lag_window_s").asDouble()).isEqualTo(20);
        assertThat(sustain.path("lag_first_minute_mean_ms").asDouble()).isEqualTo(1750);
        assertThat(sustain.path("lag_last_minute_mean_ms").asDouble()).isEqualTo(6000);
        assertThat(sustain.path("lag_slope_ms_per_min").asDouble()).isEqualTo(6000);
        assertThat(sustain.path("flat").asBoolean()).isFalse();
    }

    @Test
    void noSamplesGiveNoMeansAndNoVerdictOfFlat() throws Exception {
        ObjectNode sustain = SustainVerdict.of(step(100_000), List.of(), 30, SETTING);

        assertThat(sustain.path("lag_first_minute_mean_ms").isNull()).isTrue();
        assertThat(sustain.path("lag_slope_ms_per_min").isNull()).isTrue();
        assertThat(sustain.path("flat").asBoolean()).isFalse();
    }
}
