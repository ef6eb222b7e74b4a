package dev.pipeline.collector.storage;

import dev.pipeline.collector.observability.CollectorMetrics;
import dev.pipeline.model.csv.EventCsv;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes the events of all requests through one thread, and acknowledges them only once they are
 * on disk. Requests that arrive while a write and fsync are under way are written together next
 * time, sharing one fsync (group commit): the more concurrent requests, the fewer fsyncs per event.
 *
 * <p>Valid events go to a CSV file that is published to {@code raw/}, invalid ones to an NDJSON
 * file published to {@code error/}; both roll on {@code rollInterval} or {@code rollMaxBytes}.
 */
public final class GroupCommitWriter implements AutoCloseable {

    /** What one request asks to record: CSV rows for raw/ and NDJSON lines for error/, each possibly empty. */
    public record Batch(byte[] csvRows, int validEvents, byte[] quarantineLines) {
        long bytes() {
            return (long) csvRows.length + quarantineLines.length;
        }
    }

    public record Settings(Duration rollInterval, long rollMaxBytes, long queueMaxBytes, long minFreeDiskBytes,
            boolean fsync) {
    }

    private record Pending(Batch batch, CompletableFuture<Void> done) {
    }

    private static final Logger LOG = Logger.getLogger(GroupCommitWriter.class);
    private static final int OVERLOAD_RETRY_AFTER_S = 1;
    private static final int DISK_RETRY_AFTER_S = 10;
    private static final long DISK_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Caps one group so a flood of requests still gets an fsync (and its acks) every few megabytes. */
    private static final long MAX_GROUP_BYTES = 16L * 1024 * 1024;
    /** A loop that has not come round for this long is stuck, most likely in a hung fsync. */
    private static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Settings settings;
    private final CollectorMetrics metrics;
    private final Path dataDir;
    private final RollingFile rawFile;
    private final RollingFile errorFile;
    private final Path workDir;
    private final WorkFolderLock workLock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread thread;

    private volatile boolean accepting = true;
    private volatile String unavailableReason;
    private volatile String lastWriteFailure;
    private volatile long lastLoopNanos = System.nanoTime();
    private long lastDiskCheckNanos;

    public GroupCommitWriter(DataLayout layout, FileNamer namer, Settings settings, CollectorMetrics metrics)
            throws IOException {
        this.settings = settings;
        this.metrics = metrics;
        this.dataDir = layout.root();
        this.workDir = Files.createDirectories(layout.work().resolve(namer.workFolderName()));
        this.workLock = WorkFolderLock.tryAcquire(workDir)
                .orElseThrow(() -> new IOException("work folder " + workDir + " is locked by another collector"));
        this.rawFile = new RollingFile(workDir, layout.raw(), namer, "events", "csv", EventCsv.HEADER_BYTES);
        this.errorFile = new RollingFile(workDir, layout.error(), namer, "quarantine", "ndjson", null);
        checkDisk();
        this.thread = new Thread(this::run, "group-commit-writer");
        thread.start();
    }

    /**
     * Queues a batch. The future completes when its events are durable, or fails with
     * {@link WriterUnavailableException} when they could not be recorded (nothing was promised).
     */
    public CompletableFuture<Void> submit(Batch batch) {
        String refusal = refusal(batch.bytes());
        if (refusal != null) {
            metrics.refused();
            int retryAfter = unavailableReason != null ? DISK_RETRY_AFTER_S : OVERLOAD_RETRY_AFTER_S;
            return CompletableFuture.failedFuture(new WriterUnavailableException(refusal, retryAfter));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queuedBytes.addAndGet(batch.bytes());
        queue.add(new Pending(batch, done));
        return done;
    }

    private String refusal(long bytes) {
        if (!accepting) {
            return "the collector is shutting down";
        }
        String reason = unavailableReason;
        if (reason != null) {
            return reason;
        }
        if (queuedBytes.get() + bytes > settings.queueMaxBytes()) {
            return "the writer is overloaded (" + queuedBytes.get() + " bytes queued); retry shortly";
        }
        return null;
    }

    /** Null when the writer can take events; otherwise what stops it, for the readiness check. */
    public String problem() {
        if (!thread.isAlive()) {
            return "the writer thread has stopped";
        }
        if (System.nanoTime() - lastLoopNanos > STUCK_NANOS) {
            return "the writer has not completed a write for over 10 s";
        }
        if (unavailableReason != null) {
            return unavailableReason;
        }
        return lastWriteFailure;
    }

    /** Whether the writer thread is alive; it only ends after {@link #close()}. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    public long queuedBytes() {
        return queuedBytes.get();
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        long intervalNanos = settings.rollInterval().toNanos();
        // Wake often enough to roll on time and to show the health check that the loop is alive.
        long pollNanos = Math.max(1, Math.min(intervalNanos / 4, TimeUnit.MILLISECONDS.toNanos(100)));
        while (accepting || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(pollNanos, TimeUnit.NANOSECONDS);
                lastLoopNanos = System.nanoTime();
                if (first != null) {
                    group.add(first);
                    long groupBytes = first.batch().bytes();
                    Pending next;
                    while (groupBytes < MAX_GROUP_BYTES && (next = queue.poll()) != null) {
                        group.add(next);
                        groupBytes += next.batch().bytes();
                    }
                    commit(group);
                    group.clear();
                }
                rollIfDue(System.nanoTime(), intervalNanos);
                checkDisk();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("Unexpected writer failure", e);
                fail(group, e);
                group.clear();
            }
        }
        publishOnExit();
    }

    /** Appends every batch of the group, syncs once, then acknowledges them all. */
    private void commit(List<Pending> group) {
        long rawGood = rawFile.size();
        long errorGood = errorFile.size();
        long written = 0;
        try {
            for (Pending pending : group) {
                Batch batch = pending.batch();
                if (batch.csvRows().length > 0) {
                    rawFile.append(ByteBuffer.wrap(batch.csvRows()));
                }
                if (batch.quarantineLines().length > 0) {
                    errorFile.append(ByteBuffer.wrap(batch.quarantineLines()));
                }
                written += batch.bytes();
            }
            if (settings.fsync()) {
                long start = System.nanoTime();
                rawFile.sync();
                errorFile.sync();
                metrics.fsync(System.nanoTime() - start);
            }
        } catch (IOException e) {
            LOG.errorf("Could not record %d requests durably, answering 503: %s", group.size(), e);
            lastWriteFailure = "the last write failed: " + e.getMessage();
            undo(rawFile, rawGood);
            undo(errorFile, errorGood);
            fail(group, e);
            return;
        }
        lastWriteFailure = null;
        metrics.written(written);
        for (Pending pending : group) {
            queuedBytes.addAndGet(-pending.batch().bytes());
            metrics.accepted(pending.batch().validEvents());
            pending.done().complete(null);
        }
    }

    private void undo(RollingFile file, long goodSize) {
        try {
            file.truncate(goodSize);
        } catch (IOException e) {
            LOG.errorf("Could not cut a failed write back to %d bytes: %s", goodSize, e);
        }
    }

    private void fail(List<Pending> group, Exception cause) {
        for (Pending pending : group) {
            queuedBytes.addAndGet(-pending.batch().bytes());
            pending.done().completeExceptionally(new WriterUnavailableException(
                    "events could not be written to disk: " + cause.getMessage(), DISK_RETRY_AFTER_S, cause));
        }
    }

    private void rollIfDue(long nowNanos, long intervalNanos) {
        roll(rawFile, rawFile.isDue(nowNanos, intervalNanos, settings.rollMaxBytes()));
        roll(errorFile, errorFile.isDue(nowNanos, intervalNanos, settings.rollMaxBytes()));
    }

    private void roll(RollingFile file, boolean due) {
        if (!due) {
            return;
        }
        try {
            if (file.publish() > 0) {
                metrics.published();
            }
        } catch (IOException e) {
            // The data stays in the work file, already durable; the next roll or a restart publishes it.
            LOG.errorf("Could not publish a file, will retry: %s", e);
        }
    }

    private void checkDisk() {
        long now = System.nanoTime();
        if (now - lastDiskCheckNanos < DISK_CHECK_INTERVAL_NANOS && lastDiskCheckNanos != 0) {
            return;
        }
        lastDiskCheckNanos = now;
        try {
            long free = Files.getFileStore(dataDir).getUsableSpace();
            unavailableReason = free < settings.minFreeDiskBytes()
                    ? "only " + free + " bytes free on the data disk, below the minimum of "
                            + settings.minFreeDiskBytes() + " (COLLECTOR_MIN_FREE_DISK_BYTES)"
                    : null;
        } catch (IOException e) {
            unavailableReason = "cannot read free space of " + dataDir + ": " + e.getMessage();
        }
    }

    private void publishOnExit() {
        roll(rawFile, true);
        roll(errorFile, true);
    }

    /** Stops taking batches, writes and acknowledges what is queued, and publishes the open files. */
    @Override
    public void close() throws IOException {
        accepting = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The writer did not finish within 30 s; unpublished data stays in the work folder for the next start");
        } else {
            workLock.close();
            Files.deleteIfExists(workDir.resolve(WorkFolderLock.FILE_NAME));
            Files.deleteIfExists(workDir);
        }
    }
}
