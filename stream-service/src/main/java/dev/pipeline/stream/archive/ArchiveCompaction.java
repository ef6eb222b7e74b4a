package dev.pipeline.stream.archive;

import dev.pipeline.stream.config.PipelineConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs {@link ArchiveCompactor} every {@code stream.archive.compaction-interval} on a thread of its
 * own, off the batches' path; at start it only finishes what a stop interrupted.
 */
@ApplicationScoped
public class ArchiveCompaction {

    private static final Logger LOG = Logger.getLogger(ArchiveCompaction.class);

    private final ArchiveConfig config;
    private final ArchiveCompactor compactor;
    private ScheduledExecutorService timer;

    ArchiveCompaction(ArchiveConfig config, PipelineConfig pipeline) {
        this.config = config;
        this.compactor = new ArchiveCompactor(pipeline.dataDir().toAbsolutePath().normalize().resolve("processed"));
    }

    void start(@Observes StartupEvent started) {
        if (config.format() != ArchiveFormat.PARQUET || config.compactionInterval().isZero()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "archive-compaction");
            thread.setDaemon(true);
            return thread;
        });
        timer.execute(this::recover);
        long every = config.compactionInterval().toMillis();
        timer.scheduleWithFixedDelay(this::compact, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void recover() {
        try {
            compactor.recover();
        } catch (Exception e) {
            LOG.errorf(e, "Could not finish the archive compaction a stop interrupted; trying again at the next one");
        }
    }

    private void compact() {
        long started = System.nanoTime();
        try {
            ArchiveCompactor.Result result = compactor.compactAll();
            if (result.inputs() > 0) {
                LOG.infof("Archive: merged %,d files (%,d rows) in %d date folder(s) in %d ms", result.inputs(),
                        result.rows(), result.folders(), (System.nanoTime() - started) / 1_000_000);
            }
        } catch (Exception e) {
            // One bad pass must not end the schedule: the next one tries again.
            LOG.errorf(e, "Archive compaction failed; trying again in %s", config.compactionInterval());
        }
    }
}
