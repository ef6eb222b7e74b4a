package dev.pipeline.stream.observability;

import dev.pipeline.stream.query.BatchOutcome;

/**
 * The body of {@code GET /lag} (snake_case in JSON). {@code last_batch_*} are -1 before the first
 * batch; {@code e2e_latency_ms} covers the rows committed in the recent window.
 */
public record LagReport(
        long pendingFiles,
        long pendingBytes,
        long oldestPendingAgeMs,
        long lastBatchId,
        long lastBatchRows,
        long lastBatchDurationMs,
        long lastBatchQuarantined,
        long lastBatchDuplicatesDropped,
        double inputRowsPerSecond,
        double processedRowsPerSecond,
        Latency e2eLatencyMs,
        boolean queryActive,
        String failingBatch) {

    /** Milliseconds from {@code received_at} to the commit in PostgreSQL, over {@code rows} rows. */
    public record Latency(long p50, long p99, long max, long rows) {
    }

    public static LagReport of(PendingFiles pending, StreamStatus status, boolean queryActive, long now) {
        BatchOutcome batch = status.lastBatch();
        LatencyWindow.Percentiles latency = status.latency();
        StreamStatus.Failure failure = status.failing();
        return new LagReport(
                pending.files(),
                pending.bytes(),
                pending.oldestAgeMillis(now),
                batch == null ? -1 : batch.batchId(),
                batch == null ? -1 : batch.rowsRead(),
                batch == null ? -1 : batch.durationMillis(),
                batch == null ? -1 : batch.rowsQuarantined(),
                batch == null ? -1 : batch.duplicatesDropped(),
                round(status.inputRowsPerSecond()),
                round(status.processedRowsPerSecond()),
                new Latency(latency.p50(), latency.p99(), latency.max(), latency.count()),
                queryActive,
                failure == null ? null : "batch " + failure.batchId() + ": " + failure.message());
    }

    private static double round(double rate) {
        return Math.round(rate * 10) / 10.0;
    }
}
