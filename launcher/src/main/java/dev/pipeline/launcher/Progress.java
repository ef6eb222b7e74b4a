package dev.pipeline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.harness.PackagedService;
import java.io.IOException;
import java.util.Map;

/**
 * One reading of the running pipeline, from the services' own endpoints: the generators'
 * {@code /stats}, the stream's {@code /lag} and metrics, the collector's metrics.
 *
 * @param rowsWritten rows the stream service wrote to PostgreSQL since it started
 * @param quarantined events quarantined by the collector and by the stream since they started
 * @param p50 end-to-end latency (received → committed), ms; -1 before any row
 */
record Progress(long nanos, long sent, long acked, long pending, long rowsWritten, long quarantined, long pendingFiles,
        long p50, long p99) {

    static Progress read(Pipeline pipeline) throws IOException, InterruptedException {
        long sent = 0;
        long acked = 0;
        long pending = 0;
        for (PackagedService generator : pipeline.generators()) {
            JsonNode stats = generator.stats();
            sent += stats.path("sent").asLong();
            acked += stats.path("acked").asLong() + stats.path("rejected").asLong();
            pending += stats.path("pending").asLong();
        }
        JsonNode lag = pipeline.stream().lag();
        Map<String, Double> streamMetrics = pipeline.stream().metrics();
        Map<String, Double> collectorMetrics = pipeline.collector().metrics();
        JsonNode latency = lag.path("e2e_latency_ms");
        boolean anyRows = latency.path("rows").asLong() > 0;
        return new Progress(System.nanoTime(), sent, acked, pending,
                streamMetrics.getOrDefault("stream_rows_written_total", 0.0).longValue(),
                streamMetrics.getOrDefault("stream_rows_quarantined_total", 0.0).longValue()
                        + collectorMetrics.getOrDefault("collector_events_rejected_total", 0.0).longValue(),
                lag.path("pending_files").asLong(),
                anyRows ? latency.path("p50").asLong() : -1,
                anyRows ? latency.path("p99").asLong() : -1);
    }

    /** The status line: totals, rates since {@code before}, lag. */
    String line(Progress before, long elapsedSeconds) {
        double seconds = Math.max(1e-3, (nanos - before.nanos) / 1e9);
        return String.format("%d:%02d  sent %,d  acked %,d (%,.0f/s)  in postgres %,d (%,.0f/s)  quarantined %,d"
                + "  pending files %d  e2e p50 %s p99 %s",
                elapsedSeconds / 60, elapsedSeconds % 60, sent, acked, (acked - before.acked) / seconds,
                rowsWritten, (rowsWritten - before.rowsWritten) / seconds, quarantined, pendingFiles,
                millis(p50), millis(p99));
    }

    private static String millis(long ms) {
        return ms < 0 ? "-" : String.format("%.2f s", ms / 1000.0);
    }
}
