package dev.pipeline.stream.query;

import dev.pipeline.stream.sink.BatchLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.jboss.logging.Logger;

/**
 * Keeps the query's checkpoint bounded by starting it afresh when it reaches
 * {@code stream.checkpoint-rotate-bytes}.
 *
 * <p>Why: Spark 3.5's file source never forgets a file. Its log ({@code checkpoints/sources/0})
 * is compacted every 10 batches into one {@code <n>.compact} file that holds every file the
 * query ever read ({@code FileStreamSourceLog.compactLogs} keeps all, no setting purges it;
 * {@code maxFileAge} only trims the source's memory), and the compacts of the last 10 minutes
 * ({@code spark.sql.streaming.fileSource.log.cleanupDelay}) stay beside the newest. So the folder
 * grows with every file for as long as the query lives, and each compaction rewrites the whole
 * history. Offsets and commits are bounded by Spark ({@code minBatchesToRetain}).
 *
 * <p>How: at the start of each batch's write (on the stream thread, before anything is loaded),
 * the checkpoint's size is measured. When it is at or over the threshold (and this query has
 * already loaded a batch, so that each query makes progress), the batch asks for a rotation and
 * waits there; the service then stops the query, which interrupts that wait, moves the folder
 * aside, starts the query on a fresh one, deletes the old folder and forgets the old query's
 * rows of the batch ledger.
 *
 * <p>Why nothing is lost or stored twice: the checkpoint does not make the load exactly once,
 * PostgreSQL does (see {@link CheckpointRecovery}); and the rotation happens at a point where
 * {@code raw/} holds only files not loaded. The waiting batch was planned but has loaded nothing
 * (its files stay in {@code raw/} and the fresh query reads them); every earlier batch committed,
 * and Spark had its files moved out of {@code raw/} when it planned the waiting batch, a move that
 * stopping the query waits for. So the fresh query reads exactly the files not yet loaded: no
 * event is missed, no file is loaded (nor its bad rows quarantined) twice; and the unique
 * {@code event_id} would catch a row read again anyway.
 */
final class CheckpointRotation {

    private static final Logger LOG = Logger.getLogger(CheckpointRotation.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    static final String ASIDE_PREFIX = "-rotated-";
    /** How long a batch waits to be stopped before it gives up and loads after all. */
    private static final Duration WAIT_LIMIT = Duration.ofMinutes(1);
    /** After a wait that was not answered, how long no rotation is asked for. */
    private static final Duration QUIET_AFTER_UNANSWERED = Duration.ofMinutes(10);

    private final Path checkpoint;
    private final long rotateBytes;
    private volatile long notBefore;
    /** Ids of replaced queries whose ledger rows are still to be deleted (PostgreSQL was down). */
    private final Set<UUID> toForget = ConcurrentHashMap.newKeySet();

    /**
     * @param rotateBytes the size of {@code checkpoint} at which it is replaced; 0 never
     */
    CheckpointRotation(Path checkpoint, long rotateBytes) {
        this.checkpoint = checkpoint;
        this.rotateBytes = rotateBytes;
    }

    /**
     * The query's {@code foreachBatch}: {@code writer}, after a check of the checkpoint's size. One
     * per query started: it counts that query's batches.
     *
     * @param requestRotation asks the service (on another thread) to stop the query and call
     *     {@link #replace}; the batch waits meanwhile, and the stop ends the wait
     */
    VoidFunction2<Dataset<Row>, Long> guard(VoidFunction2<Dataset<Row>, Long> writer, Runnable requestRotation) {
        return new VoidFunction2<>() {
            private boolean loadedOne;

            @Override
            public void call(Dataset<Row> files, Long batchId) throws Exception {
                if (loadedOne && isDue()) {
                    waitForRotation(batchId, requestRotation);
                }
                writer.call(files, batchId);
                loadedOne = true;
            }
        };
    }

    private boolean isDue() {
        if (rotateBytes <= 0 || System.currentTimeMillis() < notBefore) {
            return false;
        }
        long size = size(checkpoint);
        if (size < rotateBytes) {
            return false;
        }
        LOG.infof("The checkpoint holds %d bytes (stream.checkpoint-rotate-bytes %d): starting the query on a fresh one",
                size, rotateBytes);
        return true;
    }

    /** Returns only if nobody stopped the query in time; a stop ends it with InterruptedException. */
    private void waitForRotation(long batchId, Runnable requestRotation) throws InterruptedException {
        try {
            requestRotation.run();
        } catch (RejectedExecutionException shuttingDown) {
            return;
        }
        Thread.sleep(WAIT_LIMIT.toMillis());
        notBefore = System.currentTimeMillis() + QUIET_AFTER_UNANSWERED.toMillis();
        LOG.warnf("Batch %d waited %s for the checkpoint's rotation, which did not come; loading it, rotation asked"
                + " again in %s", batchId, WAIT_LIMIT, QUIET_AFTER_UNANSWERED);
    }

    /** Starts a query; {@link RawToPostgresQuery}'s start. */
    interface Start {
        void start() throws Exception;
    }

    /**
     * Once the query that asked is stopped: its checkpoint is moved aside, the query started on a
     * fresh one, then the old folder (and any a crash left before) deleted and the old query's
     * ledger rows forgotten (its id never runs again).
     */
    void replace(StreamingQuery stopped, Start start, BatchLedger ledger) throws Exception {
        if (stopped.isActive()) {
            throw new IllegalStateException("the query " + stopped.id() + " still runs");
        }
        UUID oldId = stopped.id();
        long size = size(checkpoint);
        Path aside = moveAside();
        start.start();
        LOG.infof("Checkpoint rotated: the query %s (%d bytes of checkpoint) continues on a fresh one", oldId, size);
        toForget.add(oldId);
        try {
            for (Path old : leftovers()) {
                deleteRecursively(old);
            }
            for (UUID id : List.copyOf(toForget)) {
                ledger.forget(id);
                toForget.remove(id);
            }
        } catch (IOException | SQLException e) {
            // The query runs: this is only disk and rows, tried again at the next rotation.
            LOG.warnf("Cleaning up after the rotation of the checkpoint failed (%s); %s and the old query's rows of"
                    + " the ledger are deleted at the next one", e, aside.getFileName());
        }
    }

    private Path moveAside() throws IOException {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        Path aside = checkpoint.resolveSibling(checkpoint.getFileName() + ASIDE_PREFIX + stamp);
        for (int n = 2; Files.exists(aside); n++) {
            aside = checkpoint.resolveSibling(checkpoint.getFileName() + ASIDE_PREFIX + stamp + "-" + n);
        }
        Files.move(checkpoint, aside, StandardCopyOption.ATOMIC_MOVE);
        Files.createDirectories(checkpoint);
        return aside;
    }

    /** Rotated checkpoints not deleted yet: this one's, and any a crash left. */
    private List<Path> leftovers() throws IOException {
        String prefix = checkpoint.getFileName() + ASIDE_PREFIX;
        try (Stream<Path> siblings = Files.list(checkpoint.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    /** Bytes of the regular files under the folder; files deleted meanwhile count as 0. */
    static long size(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.mapToLong(CheckpointRotation::sizeOf).sum();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | UncheckedIOException e) {
            // Spark deletes old log files while this walks; measure next batch.
            return 0;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
