package dev.pipeline.bench.scenario.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.proc.PeriodicSampler;
import java.time.Duration;
import java.util.List;

/**
 * Reads the stream service's {@code GET /lag} on a fixed schedule (at {@code first + k * every}) on a
 * thread of its own, keeping of each answer what tells whether the stream keeps up:
 * {@code {epoch_ms, pending_files, pending_bytes, oldest_pending_age_ms, last_batch_duration_ms,
 * processed_rows_per_second, e2e_p50_ms, e2e_p99_ms}}. An answer that cannot be read is a sample of
 * nulls, as the script's {@code curl || echo '{}'} made it.
 */
final class LagSampler {

    static final long EVERY_MS = 5000;

    private LagSampler() {
    }

    /** Samples from {@code firstEpochMs} on, every {@value #EVERY_MS} ms, until closed. */
    static PeriodicSampler<ObjectNode> start(PackagedService stream, long firstEpochMs) {
        return PeriodicSampler.start("lag-sampler", firstEpochMs, Duration.ofMillis(EVERY_MS), () -> true,
                () -> of(System.currentTimeMillis(), RateStep.lag(stream)));
    }

    /** One sample of a {@code /lag} answer read at {@code epochMs}. */
    static ObjectNode of(long epochMs, JsonNode lag) {
        ObjectNode sample = BenchRun.JSON.createObjectNode();
        sample.put("epoch_ms", epochMs);
        for (String field : List.of("pending_files", "pending_bytes", "oldest_pending_age_ms", "last_batch_duration_ms",
                "processed_rows_per_second")) {
            sample.set(field, valueOrNull(lag.path(field)));
        }
        sample.set("e2e_p50_ms", valueOrNull(lag.path("e2e_latency_ms").path("p50")));
        sample.set("e2e_p99_ms", valueOrNull(lag.path("e2e_latency_ms").path("p99")));
        return sample;
    }

    private static JsonNode valueOrNull(JsonNode node) {
        return node.isMissingNode() ? BenchRun.JSON.nullNode() : node;
    }
}
