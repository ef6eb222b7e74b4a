package dev.pipeline.harness.proc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Takes a reading on a fixed schedule ({@code first + k × every}, so a slow reading does not shift
 * the ones after it) on a thread of its own, and keeps them, until closed or until {@code goOn} says
 * no: a process's memory, a service's {@code /lag}.
 *
 * @param <T> one reading
 */
public final class PeriodicSampler<T> implements AutoCloseable {

    private final Thread thread;
    private final List<T> samples = new ArrayList<>();
    private volatile boolean running = true;

    private PeriodicSampler(String name, long firstEpochMs, Duration every, BooleanSupplier goOn, Reading<T> read) {
        this.thread = new Thread(() -> sample(firstEpochMs, every.toMillis(), goOn, read), name);
        thread.setDaemon(true);
    }

    /** One reading; interrupted when the sampler is closed. */
    @FunctionalInterface
    public interface Reading<T> {
        T read() throws InterruptedException;
    }

    /** Starts sampling at {@code firstEpochMs} (now, if that is past). */
    public static <T> PeriodicSampler<T> start(String name, long firstEpochMs, Duration every, BooleanSupplier goOn,
            Reading<T> read) {
        PeriodicSampler<T> sampler = new PeriodicSampler<>(name, firstEpochMs, every, goOn, read);
        sampler.thread.start();
        return sampler;
    }

    private void sample(long first, long every, BooleanSupplier goOn, Reading<T> read) {
        try {
            for (long k = 0; running; k++) {
                long wait = first + k * every - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                if (!goOn.getAsBoolean()) {
                    return;
                }
                T sample = read.read();
                synchronized (samples) {
                    samples.add(sample);
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** The readings so far, in time order. */
    public List<T> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Stops sampling; a reading under way is abandoned. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
