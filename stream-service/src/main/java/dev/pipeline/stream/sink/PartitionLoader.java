package dev.pipeline.stream.sink;

import dev.pipeline.model.UserEvent;
import dev.pipeline.model.validation.Rejection;
import dev.pipeline.stream.validation.RawFileParser;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * Runs on an executor, once per partition of a micro-batch: parses each file of the partition,
 * quarantines its bad lines and COPYs its valid rows into the staging table, in one transaction per
 * partition. Captures plain values only (it is serialized to executors).
 */
public final class PartitionLoader implements MapPartitionsFunction<Row, PartitionResult> {

    private static final long serialVersionUID = 1L;

    private final JdbcTarget database;
    private final String errorDir;
    private final long batchId;
    private final long batchStartMillis;

    public PartitionLoader(JdbcTarget database, String errorDir, long batchId, long batchStartMillis) {
        this.database = database;
        this.errorDir = errorDir;
        this.batchId = batchId;
        this.batchStartMillis = batchStartMillis;
    }

    /** Rows of the binary file source: {@code path} (a URI) and {@code content}. */
    @Override
    public Iterator<PartitionResult> call(Iterator<Row> files) throws SQLException, IOException {
        Histogram ages = new Histogram(2);
        List<String> names = new ArrayList<>();
        long quarantined = 0;
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            StagingTable staging = new StagingTable(connection);
            try (staging) {
                while (files.hasNext()) {
                    Row file = files.next();
                    String name = fileName(file.getString(0));
                    quarantined += loadFile(name, (byte[]) file.get(1), staging, ages);
                    names.add(name);
                }
            }
            connection.commit();
            return List.of(PartitionResult.of(names, staging.rows(), quarantined, ages)).iterator();
        }
    }

    private int loadFile(String name, byte[] content, StagingTable staging, Histogram ages) throws IOException {
        List<UserEvent> valid = new ArrayList<>();
        QuarantineFile quarantine = new QuarantineFile(Path.of(errorDir), name, batchId);
        RawFileParser.parse(content, new RawFileParser.Rows() {
            @Override
            public void valid(UserEvent event, int line) {
                valid.add(event);
                ages.recordValue(Math.max(0, batchStartMillis - event.receivedAt().toEpochMilli()));
            }

            @Override
            public void rejected(Rejection rejection, int line, String raw, byte[] bytes) {
                quarantine.add(rejection, line, raw, bytes);
            }
        });
        staging.add(valid);
        return quarantine.publish();
    }

    /** The source gives Hadoop paths ({@code file:/…/raw/x.csv}), not percent-encoded URIs. */
    private static String fileName(String hadoopPath) {
        return new org.apache.hadoop.fs.Path(hadoopPath).getName();
    }
}
