package dev.pipeline.stream.query;

import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * One micro-batch, committed.
 *
 * @param files names of the files of {@code raw/} it consumed (Spark archives them a batch later)
 * @param rowsInserted rows new to {@code user_events}; {@code rowsStaged - rowsInserted} were duplicates
 * @param latencyMillis per inserted-or-dropped row, {@code received_at} to the commit
 * @param replayed the batch had been committed before a restart; nothing was loaded again
 */
public record BatchOutcome(
        long batchId,
        Set<String> files,
        long rowsStaged,
        long rowsInserted,
        long rowsQuarantined,
        long startedAtMillis,
        long committedAtMillis,
        Histogram latencyMillis,
        boolean replayed) {

    public long rowsRead() {
        return rowsStaged + rowsQuarantined;
    }

    public long duplicatesDropped() {
        return rowsStaged - rowsInserted;
    }

    public long durationMillis() {
        return committedAtMillis - startedAtMillis;
    }
}
