package dev.pipeline.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** What requests completing inside the measured window returned. One per worker, merged at the end. */
final class LoadTally {

    /** Latencies of 202s in microseconds; a minute is far past the request timeout. */
    final Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);

    long requests;
    long messagesAcked;
    long eventsAcked;
    long eventsRejected;
    final Map<Integer, Long> statuses = new TreeMap<>();
    final Map<String, Long> errors = new TreeMap<>();

    /** @param success whether the status is the protocol's success (202, or a tracker's 200): only then the rest counts */
    void recordResponse(int status, boolean success, long latencyMicros, long messages, long acked, long rejected) {
        requests++;
        statuses.merge(status, 1L, Long::sum);
        if (success) {
            this.latencyMicros.recordValue(Math.min(latencyMicros, this.latencyMicros.getHighestTrackableValue()));
            messagesAcked += messages;
            eventsAcked += acked;
            eventsRejected += rejected;
        }
    }

    void recordError(Throwable error) {
        errors.merge(error.getClass().getSimpleName(), 1L, Long::sum);
    }

    void add(LoadTally other) {
        latencyMicros.add(other.latencyMicros);
        requests += other.requests;
        messagesAcked += other.messagesAcked;
        eventsAcked += other.eventsAcked;
        eventsRejected += other.eventsRejected;
        other.statuses.forEach((status, n) -> statuses.merge(status, n, Long::sum));
        other.errors.forEach((error, n) -> errors.merge(error, n, Long::sum));
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
