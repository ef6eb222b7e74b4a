package dev.pipeline.stream.sink;

import java.io.Serializable;
import org.HdrHistogram.Histogram;

/**
 * What one partition of a micro-batch did, sent back to the driver.
 *
 * @param receivedAgeMillis for each staged row, milliseconds from its {@code received_at} to the
 *     batch's start; the driver adds the time to commit to get end-to-end latency
 */
public record PartitionResult(long files, long rowsStaged, long rowsQuarantined, Histogram receivedAgeMillis)
        implements Serializable {

    public static PartitionResult empty() {
        return new PartitionResult(0, 0, 0, new Histogram(2));
    }

    public PartitionResult plus(PartitionResult other) {
        Histogram ages = receivedAgeMillis.copy();
        ages.add(other.receivedAgeMillis);
        return new PartitionResult(files + other.files, rowsStaged + other.rowsStaged,
                rowsQuarantined + other.rowsQuarantined, ages);
    }
}
