package dev.pipeline.stream.observability;

import dev.pipeline.stream.config.StreamConfig;
import dev.pipeline.stream.query.BatchListener;
import dev.pipeline.stream.query.BatchOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** What the query has done lately: the source of {@code /lag}, readiness and the metrics. */
@ApplicationScoped
public class StreamStatus implements BatchListener {

    /** The last failure of a batch still being retried, or none. */
    public record Failure(long batchId, String message, long atMillis, Duration retryIn) {
    }

    private final StreamMetrics metrics;
    private final LatencyWindow latency;

    private volatile BatchOutcome lastBatch;
    private volatile double inputRowsPerSecond;
    private volatile Failure failing;

    StreamStatus(StreamConfig config, StreamMetrics metrics) {
        this.metrics = metrics;
        this.latency = new LatencyWindow(config.latencyWindow().toMillis());
    }

    @Override
    public synchronized void committed(BatchOutcome outcome) {
        BatchOutcome previous = lastBatch;
        if (previous != null && outcome.startedAtMillis() > previous.startedAtMillis()) {
            // Spark's definition: rows of this batch over the time since the previous one started.
            inputRowsPerSecond = outcome.rowsRead() * 1000.0 / (outcome.startedAtMillis() - previous.startedAtMillis());
        }
        lastBatch = outcome;
        failing = null;
        latency.add(outcome.committedAtMillis(), outcome.latencyMillis());
        metrics.committed(outcome);
    }

    @Override
    public void failed(long batchId, Exception cause, Duration retryIn) {
        failing = new Failure(batchId, String.valueOf(cause.getMessage()), System.currentTimeMillis(), retryIn);
        metrics.failed();
    }

    public BatchOutcome lastBatch() {
        return lastBatch;
    }

    public double inputRowsPerSecond() {
        return inputRowsPerSecond;
    }

    public double processedRowsPerSecond() {
        BatchOutcome batch = lastBatch;
        return batch == null || batch.durationMillis() == 0 ? 0 : batch.rowsRead() * 1000.0 / batch.durationMillis();
    }

    public LatencyWindow.Percentiles latency() {
        return latency.percentiles(System.currentTimeMillis());
    }

    public Failure failing() {
        return failing;
    }
}
