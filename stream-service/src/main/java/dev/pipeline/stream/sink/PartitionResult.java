package dev.pipeline.stream.sink;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * What one partition of a micro-batch did, sent back to the driver.
 *
 * @param fileNames the names of the files of the partition (in {@code raw/})
 * @param rowsStaged valid rows loaded now (files an earlier run of the batch loaded count 0)
 * @param rowsInserted of those, rows new to {@code user_events}
 * @param latencyMillis for each staged row, milliseconds from its {@code received_at} to the commit
 */
public record PartitionResult(Set<String> fileNames, long rowsStaged, long rowsInserted, long rowsQuarantined,
        Histogram latencyMillis) implements Serializable {

    public static PartitionResult empty() {
        return new PartitionResult(Set.of(), 0, 0, 0, new Histogram(2));
    }

    public PartitionResult plus(PartitionResult other) {
        Histogram latency = latencyMillis.copy();
        latency.add(other.latencyMillis);
        Set<String> names = new HashSet<>(fileNames);
        names.addAll(other.fileNames);
        return new PartitionResult(names, rowsStaged + other.rowsStaged, rowsInserted + other.rowsInserted,
                rowsQuarantined + other.rowsQuarantined, latency);
    }

    static PartitionResult of(List<String> fileNames, long rowsStaged, long rowsInserted, long rowsQuarantined,
            Histogram latencyMillis) {
        return new PartitionResult(new HashSet<>(fileNames), rowsStaged, rowsInserted, rowsQuarantined, latencyMillis);
    }
}
