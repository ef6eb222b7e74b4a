package dev.pipeline.stream.observability;

import java.util.ArrayDeque;
import java.util.Deque;
import org.HdrHistogram.Histogram;

/** End-to-end latencies of the batches committed in the last window, for recent percentiles. */
final class LatencyWindow {

    private record Batch(long committedAtMillis, Histogram latencyMillis) {
    }

    /** Percentiles in milliseconds over {@code count} rows; all zero when there were none. */
    record Percentiles(long p50, long p99, long max, long count) {
    }

    private final long windowMillis;
    private final Deque<Batch> batches = new ArrayDeque<>();

    LatencyWindow(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    synchronized void add(long committedAtMillis, Histogram latencyMillis) {
        batches.addLast(new Batch(committedAtMillis, latencyMillis));
        forgetBefore(committedAtMillis - windowMillis);
    }

    synchronized Percentiles percentiles(long nowMillis) {
        forgetBefore(nowMillis - windowMillis);
        Histogram all = new Histogram(2);
        batches.forEach(batch -> all.add(batch.latencyMillis()));
        if (all.getTotalCount() == 0) {
            return new Percentiles(0, 0, 0, 0);
        }
        return new Percentiles(all.getValueAtPercentile(50), all.getValueAtPercentile(99), all.getMaxValue(),
                all.getTotalCount());
    }

    private void forgetBefore(long cutoffMillis) {
        while (!batches.isEmpty() && batches.peekFirst().committedAtMillis() < cutoffMillis) {
            batches.removeFirst();
        }
    }
}
