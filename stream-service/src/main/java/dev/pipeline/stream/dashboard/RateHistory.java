package dev.pipeline.stream.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The last few minutes of the stream, one sample a refresh: rows loaded and read so far (the
 * service's counters) and the e2e latency percentiles then. A ring: the oldest sample goes when it
 * is older than the span. Thread-safe (the refresher adds, requests read).
 */
final class RateHistory {

    /** One sample: counters are totals since the service started. */
    record Sample(long atMillis, double rowsWritten, double rowsRead, long p50Millis, long p99Millis) {
    }

    /** Series for the charts, one entry a sample after the first: epoch seconds, rows/s, ms. */
    record Series(long[] t, long[] loadRowsPerSecond, long[] ingestRowsPerSecond, long[] e2eP50Ms, long[] e2eP99Ms) {
    }

    private final long spanMillis;
    private final Deque<Sample> samples = new ArrayDeque<>();

    RateHistory(long spanMillis) {
        this.spanMillis = spanMillis;
    }

    synchronized void add(Sample sample) {
        samples.addLast(sample);
        while (samples.peekFirst().atMillis() < sample.atMillis() - spanMillis) {
            samples.removeFirst();
        }
    }

    /** Rows written per second between the newest sample and the newest one at least {@code overMillis} older. */
    synchronized long rowsPerSecond(long overMillis) {
        if (samples.size() < 2) {
            return 0;
        }
        Sample last = samples.peekLast();
        Sample from = samples.peekFirst();
        for (Iterator<Sample> older = samples.descendingIterator(); older.hasNext();) {
            Sample sample = older.next();
            if (sample.atMillis() <= last.atMillis() - overMillis) {
                from = sample;
                break;
            }
        }
        return rate(from, last, last.rowsWritten() - from.rowsWritten());
    }

    synchronized Series series() {
        int n = Math.max(0, samples.size() - 1);
        Series series = new Series(new long[n], new long[n], new long[n], new long[n], new long[n]);
        Sample previous = null;
        int i = 0;
        for (Sample sample : samples) {
            if (previous != null) {
                series.t()[i] = sample.atMillis() / 1000;
                series.loadRowsPerSecond()[i] = rate(previous, sample, sample.rowsWritten() - previous.rowsWritten());
                series.ingestRowsPerSecond()[i] = rate(previous, sample, sample.rowsRead() - previous.rowsRead());
                series.e2eP50Ms()[i] = sample.p50Millis();
                series.e2eP99Ms()[i] = sample.p99Millis();
                i++;
            }
            previous = sample;
        }
        return series;
    }

    private static long rate(Sample from, Sample to, double rows) {
        long millis = to.atMillis() - from.atMillis();
        return millis <= 0 ? 0 : Math.round(rows * 1000.0 / millis);
    }
}
