package dev.pipeline.bench.scenario.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.PrintedTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The soak's verdicts on made-up readings of a 60 s soak, one every 10 s from epoch 1,000,000 ms. */
class SoakVerdictTest {

    private static final RollTrigger SETTING = new RollTrigger("500ms", "1s");
    private static final long START = 1_000_000;

    private static ObjectNode step(long eventsAcked, long missing) throws Exception {
        return (ObjectNode) BenchRun.JSON.readTree("""
                {"rate": 1000, "run_id": "soak00ab", "batch": 100, "client": {"batch": 100, "requests_due": 600,
                 "events_acked": %d, "events_per_sec": 1000, "measured_from_epoch_ms": %d},
                 "check": {"acked_requests": 600, "missing_events": %d}, "table_latency_ms": null}"""
                .formatted(eventsAcked, START, missing));
    }

    /**
     * Samples at t = 0, 10, ..., 60 s (and one taken 15 s before the start, more than a sample's interval,
     * which is left out): each
     * figure as {@code figure(k)} of the k-th, everything else steady.
     */
    private static List<ObjectNode> samples(String field, IntFunction<Object> figure) {
        List<ObjectNode> samples = new ArrayList<>();
        samples.add(sample(-1, field, figure));
        for (int k = 0; k <= 6; k++) {
            samples.add(sample(k, field, figure));
        }
        return samples;
    }

    private static ObjectNode sample(int k, String field, IntFunction<Object> figure) {
        ObjectNode lag = BenchRun.JSON.createObjectNode().put("pending_files", 2).put("oldest_pending_age_ms", 800);
        lag.putObject("e2e_latency_ms").put("p50", 900).put("p99", 1500);
        ObjectNode sample = LagSampler.of(k < 0 ? START - 15_000 : START + k * 10_000L + 30, lag);
        sample.put("raw_bytes", 1000).put("raw_files", 3).put("processed_bytes", 1_000_000L * Math.max(0, k))
                .put("processed_files", 2 * k).put("error_bytes", 0).put("error_files", 0)
                .put("checkpoints_bytes", 100_000).put("table_bytes", 5_000_000L * k)
                .put("collector_rss_mb", 300.0).put("collector_heap_used_mb", 80.0).put("collector_heap_committed_mb", 128.0)
                .putNull("collector_heap_after_gc_mb").put("stream_rss_mb", 900.0).put("stream_heap_used_mb", 400.0)
                .put("stream_heap_committed_mb", 600.0).put("stream_heap_after_gc_mb", 150.0);
        if (field != null) {
            Object value = figure.apply(k);
            if (value == null) {
                sample.putNull(field);
            } else {
                sample.put(field, ((Number) value).doubleValue());
            }
        }
        return sample;
    }

    private static ObjectNode verdict(List<ObjectNode> samples, Double processedRetentionS) throws Exception {
        return SoakVerdict.of(step(60_000, 0), samples, null, 60, 10, SETTING, processedRetentionS, null);
    }

    @Test
    void aSteadyPipelinePasses() throws Exception {
        ObjectNode soak = verdict(samples(null, k -> null), null);

        assertThat(soak.path("samples").findValues("t_s")).extracting(JsonNode::asDouble)
                .containsExactly(0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0);
        assertThat(soak.path("samples").get(0).has("epoch_ms")).isFalse();
        assertThat(soak.path("trend_from_s").asDouble()).isEqualTo(20);
        JsonNode rss = soak.path("trends").path("stream_rss_mb");
        assertThat(rss.path("samples").asInt()).isEqualTo(5);
        assertThat(rss.path("mean").asDouble()).isEqualTo(900);
        assertThat(rss.path("slope_per_min").asDouble()).isZero();
        assertThat(rss.path("limit").asDouble()).isEqualTo(90);
        assertThat(soak.path("verdicts").path("rss_flat").asBoolean()).isTrue();
        assertThat(soak.path("verdicts").path("lag_flat").asBoolean()).isTrue();
        assertThat(soak.path("verdicts").path("checkpoints_flat").asBoolean()).isTrue();
        assertThat(soak.path("verdicts").path("processed_bounded").isNull()).isTrue();
        assertThat(soak.path("processed").path("why").asText()).startsWith("no retention set");
        assertThat(soak.path("verdicts").path("lost_none").asBoolean()).isTrue();
        assertThat(soak.path("verdicts").path("kept_rate").asBoolean()).isTrue();
        assertThat(soak.path("passed").asBoolean()).isTrue();
        // Recorded, not judged: the table grows 5 MB every 10 s, 30 MB a minute, 20 MB over the 40 s window.
        JsonNode table = soak.path("trends").path("table_bytes");
        assertThat(table.path("slope_per_min").asDouble()).isEqualTo(30_000_000);
        assertThat(table.path("growth").asDouble()).isEqualTo(20_000_000);
        // A figure no sample has (no GC yet in the collector) gives no trend rather than a flat one.
        assertThat(soak.path("trends").path("collector_heap_after_gc_mb").path("slope_per_min").isNull()).isTrue();
    }

    @Test
    void rssGrowingPastItsToleranceIsNotFlat() throws Exception {
        // +10 MB every 10 s from 900 MB: 60 MB/min, 40 MB over the 40 s window, within max(64, 10 % of ~1000)
        ObjectNode slow = verdict(samples("stream_rss_mb", k -> 900 + 10 * k), null);
        assertThat(slow.path("trends").path("stream_rss_mb").path("growth").asDouble()).isEqualTo(40);
        assertThat(slow.path("verdicts").path("rss_flat").asBoolean()).isTrue();

        // +50 MB every 10 s: 200 MB over the window, limit 10 % of the mean 1100 MB
        ObjectNode fast = verdict(samples("stream_rss_mb", k -> 900 + 50 * k), null);
        JsonNode trend = fast.path("trends").path("stream_rss_mb");
        assertThat(trend.path("mean").asDouble()).isEqualTo(1100);
        assertThat(trend.path("growth").asDouble()).isEqualTo(200);
        assertThat(trend.path("limit").asDouble()).isEqualTo(110);
        assertThat(trend.path("flat").asBoolean()).isFalse();
        assertThat(fast.path("verdicts").path("rss_flat").asBoolean()).isFalse();
        assertThat(fast.path("passed").asBoolean()).isFalse();
    }

    @Test
    void onlyTheLastTwoThirdsCount() throws Exception {
        // A warm-up that doubles the RSS in the first 20 s, flat afterwards.
        ObjectNode soak = verdict(samples("collector_rss_mb", k -> k < 2 ? 150 : 300), null);

        assertThat(soak.path("trends").path("collector_rss_mb").path("slope_per_min").asDouble()).isZero();
        assertThat(soak.path("verdicts").path("rss_flat").asBoolean()).isTrue();
    }

    @Test
    void aGrowingLagIsNotFlatAndUnreadableSamplesAreLeftOut() throws Exception {
        // 800 ms + 1 s per sample, one sample unreadable: growth 4 s over the window > max(2 s, 50 % of 4.55 s)
        ObjectNode soak = verdict(samples("oldest_pending_age_ms", k -> k == 5 ? null : 800 + 1000 * k), null);

        JsonNode lag = soak.path("trends").path("oldest_pending_age_ms");
        assertThat(lag.path("samples").asInt()).isEqualTo(4);
        assertThat(lag.path("slope_per_min").asDouble()).isEqualTo(6000);
        assertThat(lag.path("growth").asDouble()).isEqualTo(4000);
        assertThat(lag.path("flat").asBoolean()).isFalse();
        assertThat(soak.path("verdicts").path("lag_flat").asBoolean()).isFalse();
    }

    @Test
    void aCheckpointIsFlatWhileItsGrowthStaysWithinTheFloor() throws Exception {
        // 40 KB over the window: under the 256 KiB floor
        ObjectNode small = verdict(samples("checkpoints_bytes", k -> 100_000 + 10_000 * k), null);
        assertThat(small.path("verdicts").path("checkpoints_flat").asBoolean()).isTrue();

        // 800 KB over the window: over the floor and over 10 % of its mean
        ObjectNode large = verdict(samples("checkpoints_bytes", k -> 100_000 + 200_000 * k), null);
        assertThat(large.path("trends").path("checkpoints_bytes").path("growth").asDouble()).isEqualTo(800_000);
        assertThat(large.path("verdicts").path("checkpoints_flat").asBoolean()).isFalse();
    }

    @Test
    void processedIsBoundedWhenRetentionHoldsItNearItsSizeAfterOnePeriod() throws Exception {
        // Retention 20 s: 2 MB at t = 20 s, then held between 2 and 2.5 MB.
        ObjectNode held = verdict(samples("processed_bytes", k -> k <= 2 ? 1_000_000 * k : 2_000_000 + 500_000 * (k % 2)), 20.0);
        JsonNode processed = held.path("processed");
        assertThat(processed.path("reference_t_s").asDouble()).isEqualTo(20);
        assertThat(processed.path("reference_bytes").asLong()).isEqualTo(2_000_000);
        assertThat(processed.path("bound_bytes").asLong()).isEqualTo(3_000_000);
        assertThat(processed.path("max_bytes").asLong()).isEqualTo(2_500_000);
        assertThat(held.path("verdicts").path("processed_bounded").asBoolean()).isTrue();
        assertThat(held.path("passed").asBoolean()).isTrue();

        // Without a working retention it keeps growing: 6 MB at the end against a bound of 3 MB.
        ObjectNode growing = verdict(samples(null, k -> null), 20.0);
        assertThat(growing.path("processed").path("max_bytes").asLong()).isEqualTo(6_000_000);
        assertThat(growing.path("processed").path("max_t_s").asDouble()).isEqualTo(60);
        assertThat(growing.path("verdicts").path("processed_bounded").asBoolean()).isFalse();
        assertThat(growing.path("passed").asBoolean()).isFalse();
    }

    @Test
    void aParquetArchiveMergedEveryCHoldsUpToRPlusCOfRowsAndIsJudgedSo() throws Exception {
        // Retention 20 s, merged every 20 s: 2 MB at t = 20 s, then a sawtooth between 2 and 4 MB
        // (a merged file goes once its newest rows are 20 s old: it held 20 s of rows more).
        List<ObjectNode> sawtooth = samples("processed_bytes", k -> k <= 2 ? 1_000_000 * k : 2_000_000 + 1_000_000 * (k % 3));
        ObjectNode merged = SoakVerdict.of(step(60_000, 0), sawtooth, null, 60, 10, SETTING, 20.0, null, 20);
        assertThat(merged.path("processed").path("compaction_s").asDouble()).isEqualTo(20);
        assertThat(merged.path("processed").path("bound_bytes").asLong()).isEqualTo(6_000_000);
        assertThat(merged.path("verdicts").path("processed_bounded").asBoolean()).isTrue();
        // The same sizes from a CSV archive (no merging): more than a retention's worth is held.
        ObjectNode csv = SoakVerdict.of(step(60_000, 0), sawtooth, null, 60, 10, SETTING, 20.0, null, 0);
        assertThat(csv.path("verdicts").path("processed_bounded").asBoolean()).isFalse();
    }

    @Test
    void theCompactionIntervalIsTheServicesOwnAsItsEnvironmentSetsIt() {
        assertThat(SoakScenario.Settings.compactionSeconds(Map.of())).isEqualTo(3600);
        assertThat(SoakScenario.Settings.compactionSeconds(Map.of("STREAM_ARCHIVE_COMPACTION_INTERVAL", "10m"))).isEqualTo(600);
        assertThat(SoakScenario.Settings.compactionSeconds(Map.of("STREAM_ARCHIVE_FORMAT", "csv"))).isZero();
        assertThat(SoakScenario.Settings.compactionSeconds(Map.of("STREAM_ARCHIVE_COMPACTION_INTERVAL", "0"))).isZero();
    }

    @Test
    void aRetentionLongerThanTheRunIsNotJudged() throws Exception {
        ObjectNode soak = verdict(samples(null, k -> null), 600.0);

        assertThat(soak.path("verdicts").path("processed_bounded").isNull()).isTrue();
        assertThat(soak.path("processed").path("why").asText()).contains("too short");
        assertThat(soak.path("passed").asBoolean()).isTrue();
    }

    @Test
    void aLostEventOrAMissedRateFails() throws Exception {
        ObjectNode lost = SoakVerdict.of(step(60_000, 3), samples(null, k -> null), null, 60, 10, SETTING, null, null);
        assertThat(lost.path("lost").asLong()).isEqualTo(3);
        assertThat(lost.path("verdicts").path("lost_none").asBoolean()).isFalse();
        assertThat(lost.path("passed").asBoolean()).isFalse();

        ObjectNode slow = SoakVerdict.of(step(59_399, 0), samples(null, k -> null), null, 60, 10, SETTING, null, null);
        assertThat(slow.path("events_due").asLong()).isEqualTo(60_000);
        assertThat(slow.path("verdicts").path("kept_rate").asBoolean()).isFalse();
        assertThat(slow.path("passed").asBoolean()).isFalse();
    }

    @Test
    void printsTheVerdictsAndTheSamples() throws Exception {
        ObjectNode soak = SoakVerdict.of(step(60_000, 0), samples(null, k -> null),
                sample(7, null, k -> null), 60, 10, SETTING, 20.0, 30.0);
        String json = "{" + PrintedTables.HEAD + " \"scenario\": \"soak\", \"soak\": " + soak + "}";

        String printed = PrintedTables.printed(new SoakScenario(), json);

        assertThat(printed).contains("soak: 1000 events/s for 60 s (100 per request) on 500ms/1s, retention processed/ 20 s,"
                + " error/ 30 s: 1000 acked/s (60000 of 60000 due), lost 0");
        assertThat(printed).contains("processed/: 2 MB at t = 20 s, at most 6 MB after it (t = 60 s), bound 3 MB: NOT BOUNDED");
        assertThat(printed).contains("=> FAILED");
        assertThat(printed).containsPattern("stream_rss_mb +900 +0 +0 +90 +flat");
        assertThat(printed).containsPattern("\\n  60 +0 +3 +6 +0 +100 +30 +300 +- +900 +150 +2 +800 +1500\\n");
        assertThat(printed).containsPattern("\\n  drained +0 +3 +7 ");
    }
}
