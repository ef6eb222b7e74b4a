package dev.pipeline.collector.observability;

import dev.pipeline.model.validation.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The collector's own meters, served at {@code /q/metrics} next to Quarkus' HTTP metrics (which
 * count requests by status). Rejections are counted by reason, so a dashboard can reconcile the
 * quarantine with the senders.
 */
public final class CollectorMetrics {

    private final Counter accepted;
    private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);
    private final Timer fsync;
    private final Counter filesPublished;
    private final Counter bytesWritten;
    private final Counter unavailable;
    private final MeterRegistry registry;

    public CollectorMetrics(MeterRegistry registry, Supplier<Number> queuedBytes) {
        this.registry = registry;
        accepted = Counter.builder("collector.events.accepted")
                .description("Valid events written durably to raw/").register(registry);
        for (Reason reason : Reason.values()) {
            rejected.put(reason, Counter.builder("collector.events.rejected")
                    .description("Invalid events quarantined to error/, by reason")
                    .tag("reason", reason.code()).register(registry));
        }
        fsync = Timer.builder("collector.fsync")
                .description("Time of one group commit's fsync")
                .publishPercentileHistogram()
                .register(registry);
        filesPublished = Counter.builder("collector.files.published")
                .description("Files moved complete into raw/ and error/").register(registry);
        bytesWritten = Counter.builder("collector.written")
                .description("Bytes appended to CSV and quarantine files").baseUnit("bytes").register(registry);
        unavailable = Counter.builder("collector.requests.refused")
                .description("Requests answered 503 because events could not be recorded now").register(registry);
        gauge("collector.queue.bytes", "Bytes of encoded events waiting for the writer", queuedBytes);
    }

    /** Request bodies held in memory now ({@code COLLECTOR_MAX_INFLIGHT_BYTES} bounds it); 0 when idle. */
    public void inflightBytes(Supplier<Number> bytes) {
        gauge("collector.inflight.bytes", "Request bodies held in memory now", bytes);
    }

    private void gauge(String name, String description, Supplier<Number> value) {
        // Strongly referenced: registry.gauge(name, object, f) holds the object weakly, and a lambda
        // referenced by nothing else went with the first GC, taking the gauge out of /q/metrics.
        Gauge.builder(name, value, v -> v.get().doubleValue()).description(description)
                .strongReference(true).register(registry);
    }

    public void accepted(int events) {
        accepted.increment(events);
    }

    public void rejected(Reason reason) {
        rejected.get(reason).increment();
    }

    public void fsync(long nanos) {
        fsync.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void published() {
        filesPublished.increment();
    }

    public void written(long bytes) {
        bytesWritten.increment(bytes);
    }

    public void refused() {
        unavailable.increment();
    }
}
