package dev.pipeline.generator.pacing;

import dev.pipeline.generator.injection.EventMix;
import dev.pipeline.generator.sending.BatchBuilder;
import dev.pipeline.generator.sending.BatchSink;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The generating thread: takes events as the {@link Pacer} makes them due, fills a batch until it
 * is full or its first event has waited {@code maxBatchDelay}, waits for room in the sink and
 * hands the batch over, until a {@link RunLimits limit} is reached or it is stopped.
 */
public final class GeneratorLoop {

    public enum State {
        RUNNING, PAUSED, FINISHED, STOPPED, FAILED;

        /** As shown in {@code /stats}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Logger LOG = Logger.getLogger(GeneratorLoop.class);
    /** Longest sleep between checks for pause, stop and the duration limit. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final EventMix mix;
    private final Pacer pacer;
    private final BatchSink sink;
    private final int batchSize;
    private final long maxBatchDelayNanos;
    private final RunLimits limits;
    private final LongSupplier nanoClock;
    private final Thread thread = new Thread(this::run, "event-generator");
    private volatile boolean pauseRequested;
    private volatile boolean stopRequested;
    /** Set once the loop has ended, with the reason. */
    private volatile State ended;
    private long generated;

    public GeneratorLoop(EventMix mix, Pacer pacer, BatchSink sink, int batchSize, Duration maxBatchDelay,
            RunLimits limits, LongSupplier nanoClock) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("generator.batch-size must be at least 1, got " + batchSize);
        }
        this.mix = mix;
        this.pacer = pacer;
        this.sink = sink;
        this.batchSize = batchSize;
        this.maxBatchDelayNanos = maxBatchDelay.toNanos();
        this.limits = limits;
        this.nanoClock = nanoClock;
    }

    public void start() {
        // Never the reason the JVM stays up: shutdown stops it, and a stuck stop must not hang the exit.
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops generating until {@link #resume()}; batches already sent still get their answers. */
    public void pause() {
        pauseRequested = true;
        LockSupport.unpark(thread);
    }

    public void resume() {
        pauseRequested = false;
        LockSupport.unpark(thread);
    }

    /** Ends the loop and waits for it; a batch being filled is dropped, nothing already sent is. */
    public void stop() throws InterruptedException {
        stopRequested = true;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    public State state() {
        State end = ended;
        if (end != null) {
            return end;
        }
        return pauseRequested ? State.PAUSED : State.RUNNING;
    }

    private void run() {
        long start = nanoClock.getAsLong();
        try {
            while (!stopRequested) {
                if (limits.reached(generated, nanoClock.getAsLong() - start)) {
                    LOG.infof("Generation finished: %d events generated (generator.max-events=%d, generator.duration=%s)",
                            generated, limits.maxEvents(), limits.duration());
                    ended = State.FINISHED;
                    return;
                }
                if (pauseRequested) {
                    LockSupport.parkNanos(this, MAX_PARK_NANOS);
                    continue;
                }
                BatchBuilder batch = fill(start);
                if (batch.size() > 0) {
                    // Built before waiting for room: while the collector is down, one batch waits here
                    // and generation stands still.
                    sink.awaitCapacity();
                    sink.send(batch.build());
                }
            }
            ended = State.STOPPED;
        } catch (InterruptedException e) {
            ended = State.STOPPED;
        } catch (RuntimeException | Error e) {
            LOG.error("The generating loop failed; no more events will be generated", e);
            ended = State.FAILED;
        }
    }

    /** Takes due events until the batch is full or old enough; empty only when paused or stopped first. */
    private BatchBuilder fill(long start) {
        BatchBuilder batch = new BatchBuilder(batchSize);
        long deadline = Long.MAX_VALUE;
        while (!stopRequested && !pauseRequested) {
            long now = nanoClock.getAsLong();
            if (limits.reached(generated, now - start)) {
                break;
            }
            int due = pacer.take((int) Math.min(batchSize - batch.size(), limits.remaining(generated)));
            if (due > 0 && batch.size() == 0) {
                deadline = now + maxBatchDelayNanos;
            }
            for (int i = 0; i < due; i++) {
                batch.add(mix.next());
            }
            generated += due;
            if (batch.size() == batchSize || now >= deadline) {
                break;
            }
            long wait = Math.min(Math.min(pacer.nanosUntilNext(), deadline - now), MAX_PARK_NANOS);
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
        return batch;
    }
}
