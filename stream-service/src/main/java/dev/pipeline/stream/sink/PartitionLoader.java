package dev.pipeline.stream.sink;

import dev.pipeline.model.UserEvent;
import dev.pipeline.model.validation.Rejection;
import dev.pipeline.stream.archive.PartitionArchive;
import dev.pipeline.stream.validation.RawFileParser;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.jboss.logging.Logger;

/**
 * Runs on an executor, once per partition of a micro-batch: parses each file of the partition,
 * quarantines its bad lines and loads its valid rows into {@code user_events}, all files of the
 * partition in one {@link PartitionTransaction}, which also stages the rows it stored for the
 * archive. Captures plain values only (it is serialized to executors).
 */
public final class PartitionLoader implements FlatMapFunction<Iterator<InternalRow>, PartitionResult> {

    private static final long serialVersionUID = 3L;
    private static final Logger LOG = Logger.getLogger(PartitionLoader.class);

    private final JdbcTarget database;
    private final String errorDir;
    private final String queryId;
    private final long batchId;
    private final long batchStartMillis;
    private final PartitionArchive archive;
    private final int pathColumn;
    private final int contentColumn;

    /**
     * @param pathColumn the ordinal of the binary file source's {@code path} in the rows given to {@link #call}
     * @param contentColumn that of its {@code content}
     */
    public PartitionLoader(JdbcTarget database, String errorDir, UUID queryId, long batchId, long batchStartMillis,
            PartitionArchive archive, int pathColumn, int contentColumn) {
        this.database = database;
        this.errorDir = errorDir;
        this.queryId = queryId.toString();
        this.batchId = batchId;
        this.batchStartMillis = batchStartMillis;
        this.archive = archive;
        this.pathColumn = pathColumn;
        this.contentColumn = contentColumn;
    }

    /**
     * Rows of the binary file source as Spark's scan gives them: {@code path} (a Hadoop path) and
     * {@code content}. A row is valid only until the next is read (the scan reuses it), so both are
     * copied out at once.
     */
    @Override
    public Iterator<PartitionResult> call(Iterator<InternalRow> rows) throws SQLException, IOException {
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        rows.forEachRemaining(row -> {
            names.add(fileName(row.getUTF8String(pathColumn).toString()));
            contents.add(row.getBinary(contentColumn));
        });
        Histogram ages = new Histogram(2);
        List<PartitionTransaction.LoadedFile> loaded = new ArrayList<>();
        try (ExecutorConnections.Lease connection = ExecutorConnections.borrow(database)) {
            PartitionTransaction transaction = new PartitionTransaction(connection.connection(), UUID.fromString(queryId), batchId,
                    RecentlyStoredIds.of(database.url()));
            // Spark can hand a batch the same file more than once: a name with glob characters
            // ("a?b.csv", "[x].csv", "{a}.csv") makes its file source repeat the batch's whole file
            // list (SPARK-58518). Twice in one partition, the file was recorded twice in stream_files,
            // which failed the partition on every retry and stalled the stream; so each file is loaded
            // once here. Twice in two partitions, the later commit fails on stream_files' key and the
            // batch's retry skips the file, now recorded.
            Set<String> done = new HashSet<>(transaction.alreadyLoaded(names));
            long start = System.nanoTime();
            for (int i = 0; i < names.size(); i++) {
                if (done.add(names.get(i))) {
                    loaded.add(loadFile(names.get(i), contents.get(i), transaction, ages));
                    contents.set(i, null);
                }
            }
            long parsed = System.nanoTime();
            String part = PartitionArchive.partName(UUID.fromString(queryId), batchId, names);
            long inserted = transaction.commit(loaded, part, archive.keepsRows() ? stored -> archive.stage(part, stored) : null);
            connection.keep();
            finish(part, names);
            LOG.debugf("Batch %d partition: %d files, %d rows: parse %d ms, %s, whole commit %d ms", batchId,
                    loaded.size(), transaction.rowsStaged(), (parsed - start) / 1_000_000, transaction.timings(),
                    (System.nanoTime() - parsed) / 1_000_000);
            Histogram latency = shifted(ages, System.currentTimeMillis() - batchStartMillis);
            long quarantined = loaded.stream().mapToLong(PartitionTransaction.LoadedFile::rowsQuarantined).sum();
            return List.of(PartitionResult.of(names, transaction.rowsStaged(), inserted, quarantined, latency)).iterator();
        }
    }

    /**
     * The part into the archive and the files out of {@code raw/}, now that they are committed. A
     * failure here must not fail the task (a rerun would find the files loaded and do nothing more):
     * the driver does the same again once the batch is recorded, and at the next start.
     */
    private void finish(String part, List<String> names) {
        try {
            archive.finish(part, names);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Batch %d: could not yet publish archive part %s or take its files out of raw/ (%s); the"
                    + " driver tries again when the batch is recorded", batchId, part, e);
        }
    }

    private PartitionTransaction.LoadedFile loadFile(String name, byte[] content, PartitionTransaction transaction,
            Histogram ages) throws IOException, SQLException {
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
        transaction.stage(valid);
        // Written before the commit, under a name fixed by batch and file: a rerun replaces it.
        return new PartitionTransaction.LoadedFile(name, valid.size(), quarantine.publish());
    }

    /** Ages at the batch's start plus the time to this partition's commit: {@code received_at} to commit. */
    private static Histogram shifted(Histogram ages, long millis) {
        Histogram latency = new Histogram(2);
        ages.recordedValues().forEach(
                v -> latency.recordValueWithCount(v.getValueIteratedTo() + millis, v.getCountAtValueIteratedTo()));
        return latency;
    }

    /** The source gives Hadoop paths ({@code file:/…/raw/x.csv}), not percent-encoded URIs. */
    private static String fileName(String hadoopPath) {
        return new org.apache.hadoop.fs.Path(hadoopPath).getName();
    }
}
