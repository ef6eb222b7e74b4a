package dev.pipeline.stream.sink;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * What one partition of a micro-batch did, sent back to the driver.
 *
 * @param fileNames the names of the files read (in {@code raw/})
 * @param receivedAgeMillis for each staged row, milliseconds from its {@code received_at} to the
 *     batch's start; the driver adds the time to commit to get end-to-end latency
 */
public record PartitionResult(Set<String> fileNames, long rowsStaged, long rowsQuarantined,
        Histogram receivedAgeMillis) implements Serializable {

    public static PartitionResult empty() {
        return new PartitionResult(Set.of(), 0, 0, new Histogram(2));
    }

    public PartitionResult plus(PartitionResult other) {
        Histogram ages = receivedAgeMillis.copy();
        ages.add(other.receivedAgeMillis);
        Set<String> names = new HashSet<>(fileNames);
        names.addAll(other.fileNames);
        return new PartitionResult(names, rowsStaged + other.rowsStaged, rowsQuarantined + other.rowsQuarantined, ages);
    }

    static PartitionResult of(List<String> fileNames, long rowsStaged, long rowsQuarantined, Histogram ages) {
        return new PartitionResult(new HashSet<>(fileNames), rowsStaged, rowsQuarantined, ages);
    }
}
