package dev.pipeline.stream.query;

import dev.pipeline.stream.archive.Archive;
import dev.pipeline.stream.sink.BatchLedger;
import dev.pipeline.stream.sink.JdbcTarget;
import dev.pipeline.stream.sink.PartitionLoader;
import dev.pipeline.stream.sink.PartitionResult;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jboss.logging.Logger;

/**
 * The {@code foreachBatch} of the query, run on the driver: the executors load the batch's files,
 * each partition in its own transaction that also records its files, then the batch is recorded as
 * loaded. Spark may replay a batch after a crash (at-least-once): a recorded batch is skipped, and
 * in a batch that was cut short, the files already recorded are skipped. A failure (PostgreSQL down)
 * is retried with backoff, as long as it takes: the batch is never skipped and the query never dies
 * of it. Once recorded, the batch's archive parts are published and its files leave {@code raw/}
 * ({@link Archive}); a replayed batch may find some of its files gone, which the source skips
 * ({@code ignoreMissingFiles}): their rows are committed.
 */
final class MicroBatchWriter implements VoidFunction2<Dataset<Row>, Long> {

    private static final Logger LOG = Logger.getLogger(MicroBatchWriter.class);
    /** Spark sets it on the stream thread: stable across restarts from the same checkpoint. */
    private static final String QUERY_ID = "sql.streaming.queryId";

    private final BatchLedger ledger;
    private final Archive archive;
    private final JdbcTarget database;
    private final String errorDir;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final BatchListener listener;
    private final BooleanSupplier stopping;

    /** Whether {@link Archive#recover} has run for this query. */
    private boolean recovered;
    /**
     * Whether the schema was there at this query's first batch or since the last failure: checked
     * then, not before every batch (its catalog query cost PostgreSQL more than a small batch's rows).
     */
    private boolean schemaChecked;

    MicroBatchWriter(BatchLedger ledger, Archive archive, JdbcTarget database, String errorDir,
            Duration initialBackoff, Duration maxBackoff, BatchListener listener, BooleanSupplier stopping) {
        this.ledger = ledger;
        this.archive = archive;
        this.database = database;
        this.errorDir = errorDir;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.listener = listener;
        this.stopping = stopping;
    }

    @Override
    public void call(Dataset<Row> files, Long batchId) throws InterruptedException {
        UUID queryId = UUID.fromString(files.sparkSession().sparkContext().getLocalProperty(QUERY_ID));
        Backoff backoff = new Backoff(initialBackoff, maxBackoff);
        while (true) {
            long startedAt = System.currentTimeMillis();
            try {
                listener.committed(load(files, queryId, batchId, startedAt));
                return;
            } catch (Exception e) {
                // Spark may wrap the interrupt of query.stop() and clear the flag: ask the service, too.
                if (stopping.getAsBoolean() || Thread.currentThread().isInterrupted()
                        || e instanceof InterruptedException || files.sparkSession().sparkContext().isStopped()) {
                    throw new InterruptedException("stopped during batch " + batchId);
                }
                schemaChecked = false;
                Duration wait = backoff.next();
                listener.failed(batchId, e, wait);
                LOG.warnf("Batch %d failed, trying again in %d ms: %s", batchId, wait.toMillis(), rootMessage(e));
                Thread.sleep(wait.toMillis());
            }
        }
    }

    private BatchOutcome load(Dataset<Row> files, UUID queryId, long batchId, long startedAt) throws Exception {
        if (!schemaChecked) {
            ledger.ensureSchema();
            schemaChecked = true;
        }
        if (!recovered) {
            // Before any partition of this query runs: what a crash left between a commit and its moves.
            archive.recover(queryId);
            recovered = true;
        }
        if (ledger.isLoaded(queryId, batchId)) {
            LOG.infof("Batch %d was committed before the restart; not loading it again", batchId);
            return new BatchOutcome(batchId, Set.of(), 0, 0, 0, startedAt, System.currentTimeMillis(), new Histogram(2), true);
        }
        // The scan's own rows, not a Dataset of the loader's results: a typed Dataset would be planned
        // and code-generated for every batch (encoders, deserializer, an SQL execution with its plan
        // described for the UI), which cost more CPU than loading a 2,500-row batch (JFR, BENCHMARKS.md).
        PartitionLoader loader = new PartitionLoader(database, errorDir, queryId, batchId, startedAt,
                archive.forPartitions(), files.schema().fieldIndex("path"), files.schema().fieldIndex("content"));
        PartitionResult loaded = files.queryExecution().toRdd().toJavaRDD()
                .mapPartitions(loader)
                .collect().stream()
                .reduce(PartitionResult.empty(), PartitionResult::plus);
        long committedAt = System.currentTimeMillis();
        ledger.recordLoaded(queryId, batchId, loaded.rowsStaged(), loaded.rowsInserted());
        archive.finish(queryId, batchId, loaded.fileNames());
        LOG.debugf("Batch %d: %d files, %d rows loaded, %d new, %d quarantined, in %d ms", batchId,
                loaded.fileNames().size(), loaded.rowsStaged(), loaded.rowsInserted(), loaded.rowsQuarantined(),
                committedAt - startedAt);
        return new BatchOutcome(batchId, loaded.fileNames(), loaded.rowsStaged(), loaded.rowsInserted(),
                loaded.rowsQuarantined(), startedAt, committedAt, loaded.latencyMillis(), false);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
