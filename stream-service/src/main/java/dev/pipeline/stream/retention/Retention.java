package dev.pipeline.stream.retention;

import dev.pipeline.stream.config.PipelineConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes what is older than its retention under {@code processed/} ({@code PIPELINE_PROCESSED_RETENTION},
 * the archive of loaded rows) and {@code error/} ({@code PIPELINE_ERROR_RETENTION}, the quarantine of
 * the collectors and of this service), by modification time: once at start, then every
 * {@link #checkInterval(List) check interval}, on a thread of its own, off the batches' path. A
 * retention of 0 keeps that folder's files for ever. Each pass that removes something logs how many
 * files, how many bytes and the oldest one's time; {@code /q/metrics} counts them too
 * ({@code stream_retention_files_deleted_total{folder=…}}, {@code stream_retention_bytes_deleted_total}).
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    static final Duration LONGEST_INTERVAL = Duration.ofMinutes(1);
    static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);

    private final List<Folder> folders = new ArrayList<>();
    private final Duration interval;
    private ScheduledExecutorService timer;

    Retention(PipelineConfig pipeline, MeterRegistry registry) {
        Path data = pipeline.dataDir().toAbsolutePath().normalize();
        folders.add(new Folder("processed", data.resolve("processed"), pipeline.processedRetention(), registry));
        folders.add(new Folder("error", data.resolve("error"), pipeline.errorRetention(), registry));
        interval = checkInterval(folders.stream().map(Folder::retention).toList());
    }

    /**
     * A tenth of the shortest retention that is on, between {@link #SHORTEST_INTERVAL} and
     * {@link #LONGEST_INTERVAL}: a file outlives its retention by at most that much (plus the pass).
     */
    static Duration checkInterval(List<Duration> retentions) {
        Duration tenth = retentions.stream().filter(r -> !r.isZero()).min(Duration::compareTo)
                .map(shortest -> shortest.dividedBy(10)).orElse(LONGEST_INTERVAL);
        if (tenth.compareTo(SHORTEST_INTERVAL) < 0) {
            return SHORTEST_INTERVAL;
        }
        return tenth.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : tenth;
    }

    void start(@Observes StartupEvent started) {
        String settings = String.join(", ", folders.stream().map(Folder::describe).toList());
        if (folders.stream().allMatch(folder -> folder.retention().isZero())) {
            LOG.infof("Retention off: %s", settings);
            return;
        }
        LOG.infof("Retention: %s; checked at start and every %s", settings, RetentionConverter.format(interval));
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "retention");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::sweepAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void sweepAll() {
        Instant now = Instant.now();
        for (Folder folder : folders) {
            try {
                folder.sweep(now, interval);
            } catch (RuntimeException | Error e) {
                // One bad pass must not end the schedule: the next one tries again.
                LOG.errorf(e, "Retention of %s/ failed; trying again in %s", folder.name(),
                        RetentionConverter.format(interval));
            }
        }
    }

    /** One folder with its retention and its meters. */
    private record Folder(String name, Path path, Duration retention, Counter filesDeleted, Counter bytesDeleted) {

        Folder(String name, Path path, Duration retention, MeterRegistry registry) {
            this(name, path, retention,
                    Counter.builder("stream.retention.files.deleted").tag("folder", name)
                            .description("Files deleted by retention").register(registry),
                    Counter.builder("stream.retention.bytes.deleted").tag("folder", name)
                            .description("Bytes of the files deleted by retention").register(registry));
        }

        String describe() {
            return retention.isZero()
                    ? name + "/ kept for ever"
                    : name + "/ files older than " + RetentionConverter.format(retention) + " deleted";
        }

        void sweep(Instant now, Duration interval) {
            if (retention.isZero()) {
                return;
            }
            Instant cutoff = now.minus(retention);
            long started = System.nanoTime();
            RetentionSweep.Result result = RetentionSweep.sweep(path, cutoff, now.minus(interval));
            long millis = (System.nanoTime() - started) / 1_000_000;
            filesDeleted.increment(result.files());
            bytesDeleted.increment(result.bytes());
            if (result.files() > 0) {
                LOG.infof("Retention: deleted %s (%s) from %s/ modified before %s (older than %s), the oldest modified"
                        + " %s%s; in %d ms", count(result.files(), "file"), bytes(result.bytes()), name,
                        cutoff.truncatedTo(ChronoUnit.SECONDS), RetentionConverter.format(retention),
                        result.oldest().truncatedTo(ChronoUnit.SECONDS), foldersRemoved(result), millis);
            } else if (result.folders() > 0) {
                LOG.infof("Retention: removed %s from %s/", count(result.folders(), "empty folder"), name);
            } else {
                LOG.debugf("Retention: nothing in %s/ older than %s (%d ms)", name, RetentionConverter.format(retention),
                        millis);
            }
            if (result.failed() > 0) {
                LOG.warnf("Retention: %,d entries of %s/ could not be deleted or read, e.g. %s", result.failed(), name,
                        String.join("; ", result.failures()));
            }
        }
    }

    private static String foldersRemoved(RetentionSweep.Result result) {
        return result.folders() == 0 ? "" : ", and " + count(result.folders(), "empty folder");
    }

    /** {@code 1 file}, {@code 1,234 files}. */
    static String count(long n, String thing) {
        return String.format(Locale.ROOT, "%,d %s%s", n, thing, n == 1 ? "" : "s");
    }

    /** {@code 1.4 GiB}, {@code 312 KiB}, {@code 12 bytes}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
