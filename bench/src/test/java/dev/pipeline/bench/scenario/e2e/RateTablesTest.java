package dev.pipeline.bench.scenario.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.BenchRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RateTablesTest {

    private static String printed(JsonNode sustain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RateTables.printSustain(sustain, "after the steps", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheVerdictAndTheSamples() throws Exception {
        String out = printed(BenchRun.JSON.readTree("""
                {"collector_roll_interval": "200ms", "stream_trigger_interval": "250ms", "duration_s": 300, "rate": 50000,
                 "batch": 500, "client": {"events_per_sec": 50000.0, "events_acked": 15000000}, "events_due": 15000000,
                 "kept_rate": true, "check": {"missing_events": 0}, "lag_window_s": 60, "lag_first_minute_mean_ms": 377.5,
                 "lag_last_minute_mean_ms": 429.3, "lag_slope_ms_per_min": 44.6, "flat": true,
                 "lag_samples": [{"t_s": -0.6, "pending_files": 0, "pending_bytes": 2589986, "oldest_pending_age_ms": 0,
                                  "last_batch_duration_ms": 33, "processed_rows_per_second": 15151.5,
                                  "e2e_p50_ms": null, "e2e_p99_ms": 811}]}"""));

        assertThat(out).contains("sustain: 50000 events/s for 300 s (500 per request) on 200ms/250ms, after the steps: 50000 acked/s"
                + " (15000000 of 15000000 due; kept rate true), missing 0");
        assertThat(out).contains("slope 44.6 ms/min => FLAT (keeps up)");
        assertThat(out).contains("latency commit p50 null p99 null ms, lo p50 null p99 null ms");
        assertThat(out.lines().reduce((a, b) -> b).orElseThrow())
                .matches("  -0\\.6 +0 +2529 +0 +33 +15151\\.5 +- +811");
    }

    @Test
    void aLagThatGrewIsNotFlat() throws Exception {
        assertThat(printed(BenchRun.JSON.readTree("{\"flat\": false}")))
                .contains("=> NOT FLAT (falls behind or missed its rate)");
    }
}
