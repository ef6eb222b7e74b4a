package dev.pipeline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.StartupException;
import dev.pipeline.harness.reconcile.Reconciliation;
import dev.pipeline.harness.reconcile.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run, start to end: start everything, show progress until {@code --duration} ends or Ctrl-C,
 * drain, reconcile, stop, and print the summary as the last line.
 */
final class PipelineRun {

    private static final Duration TICK = Duration.ofSeconds(2);
    private static final Duration DRAIN_POLL = Duration.ofMillis(500);

    private final RunOptions options;
    private final Console console;
    private final Pipeline pipeline;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    PipelineRun(RunOptions options, Console console) {
        this.options = options;
        this.console = console;
        this.pipeline = new Pipeline(options, console);
    }

    /** The first Ctrl-C: stop sending, drain, reconcile. */
    void requestStop() {
        if (stopRequested.getCount() > 0) {
            console.line("stopping: draining the pipeline first (Ctrl-C again to stop at once, without a summary)");
            stopRequested.countDown();
        }
    }

    /** The second Ctrl-C: SIGKILL. What was acknowledged is on disk already. */
    void killNow() {
        pipeline.kill();
    }

    /** The JVM is going away (SIGTERM, or the end of a run, when there is nothing left to stop). */
    void stopNow() {
        try {
            pipeline.stop();
        } catch (InterruptedException e) {
            pipeline.kill();
        }
    }

    /** @return the exit status: 0 when nothing acknowledged was lost */
    int run(Map<String, String> environment) throws InterruptedException, SQLException {
        String externalUrl = blankToNull(environment.get("PIPELINE_JDBC_URL"));
        prepareFolders();
        pipeline.stopLeftovers();
        Preflight.check(options, externalUrl == null);
        Heaps heaps = Heaps.of(environment);
        console.line(headline());
        console.line("heaps: " + heaps.summary() + " (COLLECTOR_JAVA_OPTS, STREAM_JAVA_OPTS, GENERATOR_JAVA_OPTS change them)");
        try {
            pipeline.start(externalUrl, environment.getOrDefault("PIPELINE_JDBC_USER", "postgres"),
                    environment.getOrDefault("PIPELINE_JDBC_PASSWORD", ""), heaps, ClassArchives.of(options.home(), environment));
            console.line("dashboard: " + pipeline.stream().url().resolve("/") + "   (live figures, refreshes itself)");
            console.line("logs: " + options.logs() + "/{postgres,collector,stream,generator-N}.log   data: "
                    + options.dataDir() + "/{raw,error,processed}   " + (options.duration().isZero()
                            ? "Ctrl-C stops" : "Ctrl-C stops earlier"));
            showProgress();
            Summary summary = drain();
            console.begin("stopping the services ... ");
            long stopping = System.nanoTime();
            pipeline.stop();
            console.done("done in " + Pipeline.seconds(stopping));
            report(summary);
            return summary.lost() == 0 ? 0 : 1;
        } finally {
            pipeline.stop();
        }
    }

    private void prepareFolders() {
        try {
            Files.createDirectories(options.logs());
            Files.createDirectories(options.runDir());
            // The acknowledged ids are this run's: a second run reconciles its own events only.
            try (Stream<Path> old = Files.list(options.runDir())) {
                for (Path file : old.filter(f -> f.getFileName().toString().startsWith("acked-ids-")).toList()) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new StartupException("cannot prepare " + options.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private String headline() {
        return String.format("event pipeline: %d generator%s, %,.0f events/s in all, %.1f%% invalid, %.1f%% duplicates, %s",
                options.generators(), options.generators() == 1 ? "" : "s", options.rate(), options.invalidRatio() * 100,
                options.duplicateRatio() * 100, options.duration().isZero() ? "until Ctrl-C"
                        : "for " + options.duration().toSeconds() + " s");
    }

    private void showProgress() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = options.duration().isZero() ? Long.MAX_VALUE : started + options.duration().toNanos();
        Progress before = null;
        String status = "";
        while (!stopRequested.await(Math.min(TICK.toNanos(), Math.max(0, deadline - System.nanoTime())),
                TimeUnit.NANOSECONDS)) {
            pipeline.restartDead();
            try {
                Progress now = Progress.read(pipeline);
                status = now.line(before == null ? now : before, (System.nanoTime() - started) / 1_000_000_000);
                before = now;
            } catch (IOException e) {
                status = "status not available: " + e.getMessage();
            }
            if (System.nanoTime() >= deadline) {
                console.line(status); // the last reading stays on screen above the drain
                console.line("duration reached: stopping the generators and draining");
                return;
            }
            console.status(status);
        }
    }

    /**
     * Pauses the generators and waits until none has a batch in flight, stops them (so that their
     * acknowledged-ids files are complete), then reconciles until every acknowledged id is in
     * PostgreSQL or quarantined, or {@code --drain-timeout} passes.
     */
    private Summary drain() throws InterruptedException, SQLException {
        long started = System.nanoTime();
        long deadline = started + options.drainTimeout().toNanos();
        for (PackagedService generator : pipeline.generators()) {
            try {
                generator.post("/pause");
            } catch (IOException e) {
                console.line("cannot pause " + generator.name() + " (" + e.getMessage() + "); stopping it instead");
            }
        }
        long sent = 0;
        while (true) {
            long pending = 0;
            sent = 0;
            for (PackagedService generator : pipeline.generators()) {
                try {
                    JsonNode stats = generator.stats();
                    pending += stats.path("pending").asLong();
                    sent += stats.path("sent").asLong();
                } catch (IOException e) {
                    // stopped: nothing in flight that will ever be acknowledged
                }
            }
            if (pending == 0 || System.nanoTime() > deadline) {
                break;
            }
            console.status("draining: generators paused, " + pending + " events waiting for an answer ("
                    + Pipeline.seconds(started) + ")");
            Thread.sleep(DRAIN_POLL.toMillis());
        }
        pipeline.stopGenerators();
        try (Reconciliation reconciliation = new Reconciliation(pipeline.database(), pipeline.ackedIdsFiles(),
                options.dataDir().resolve("error"))) {
            while (true) {
                pipeline.restartDead();
                Summary summary = reconciliation.count(sent);
                if (summary.lost() == 0 || System.nanoTime() > deadline) {
                    console.line("drained in " + Pipeline.seconds(started) + (summary.lost() == 0 ? ""
                            : ": gave up after --drain-timeout " + options.drainTimeout().toSeconds() + " s"));
                    return summary;
                }
                console.status("draining: " + summary.lost() + " of " + summary.acked()
                        + " acknowledged events not yet in PostgreSQL or the quarantine (" + Pipeline.seconds(started) + ")");
                Thread.sleep(DRAIN_POLL.toMillis());
            }
        }
    }

    private void report(Summary summary) {
        if (!summary.quarantinedByReason().isEmpty()) {
            StringJoiner reasons = new StringJoiner(", ", "quarantined by reason: ", "");
            summary.quarantinedByReason().forEach((reason, count) -> reasons.add(reason + " " + count));
            console.line(reasons.toString());
        }
        if (summary.wrongReason() > 0) {
            console.line("warning: " + summary.wrongReason() + " invalid events were quarantined for another reason than"
                    + " the rule they break");
        }
        if (summary.lost() > 0) {
            console.line("LOST: " + summary.lost() + " acknowledged events are neither in PostgreSQL nor quarantined."
                    + " Look at " + options.logs() + "/stream.log and collector.log, and at what is left in "
                    + options.dataDir() + "/raw.");
        }
        console.line(summary.line());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
