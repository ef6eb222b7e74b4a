package dev.pipeline.stream.observability;

import dev.pipeline.stream.query.BatchOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The stream service's meters in {@code /q/metrics}. End-to-end latency is known per batch as a
 * histogram of rows, which Micrometer cannot take in bulk; it is kept in an HdrHistogram and shown
 * as cumulative bucket counts ({@code stream_e2e_latency_seconds_bucket{le="…"}}), like a Prometheus
 * histogram, beside its count and sum.
 */
@ApplicationScoped
public class StreamMetrics {

    private static final double[] BUCKETS_SECONDS = {0.1, 0.25, 0.5, 0.8, 1, 2, 5, 10, 30, 60, 300};

    private final Counter rowsWritten;
    private final Counter rowsQuarantined;
    private final Counter duplicatesDropped;
    private final Counter filesProcessed;
    private final Counter batchFailures;
    private final Timer batchDuration;
    private final Histogram latencyMillis = new Histogram(2);
    private volatile double latencySumSeconds;

    StreamMetrics(MeterRegistry registry) {
        rowsWritten = registry.counter("stream.rows.written");
        rowsQuarantined = registry.counter("stream.rows.quarantined");
        duplicatesDropped = registry.counter("stream.duplicates.dropped");
        filesProcessed = registry.counter("stream.files.processed");
        batchFailures = registry.counter("stream.batch.failures");
        batchDuration = Timer.builder("stream.batch.duration").publishPercentileHistogram().register(registry);
        for (double bound : BUCKETS_SECONDS) {
            Gauge.builder("stream.e2e.latency.seconds.bucket", this, m -> m.rowsWithin(bound))
                    .tag("le", Double.toString(bound)).register(registry);
        }
        Gauge.builder("stream.e2e.latency.seconds.bucket", this, m -> m.rowsWithin(Double.POSITIVE_INFINITY))
                .tag("le", "+Inf").register(registry);
        Gauge.builder("stream.e2e.latency.seconds.count", this, m -> m.rowsWithin(Double.POSITIVE_INFINITY))
                .register(registry);
        Gauge.builder("stream.e2e.latency.seconds.sum", this, m -> m.latencySumSeconds).register(registry);
    }

    void committed(BatchOutcome outcome) {
        rowsWritten.increment(outcome.rowsInserted());
        rowsQuarantined.increment(outcome.rowsQuarantined());
        duplicatesDropped.increment(outcome.duplicatesDropped());
        filesProcessed.increment(outcome.files().size());
        batchDuration.record(outcome.durationMillis(), TimeUnit.MILLISECONDS);
        synchronized (latencyMillis) {
            latencyMillis.add(outcome.latencyMillis());
            latencySumSeconds += outcome.latencyMillis().getMean() * outcome.latencyMillis().getTotalCount() / 1000.0;
        }
    }

    void failed() {
        batchFailures.increment();
    }

    private double rowsWithin(double seconds) {
        synchronized (latencyMillis) {
            if (Double.isInfinite(seconds)) {
                return latencyMillis.getTotalCount();
            }
            return latencyMillis.getCountBetweenValues(0, (long) (seconds * 1000));
        }
    }
}
