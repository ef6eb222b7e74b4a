package dev.pipeline.harness.proc;

import java.util.ArrayList;
import java.util.List;

/** Samples a process's resident memory every half second on a thread of its own, until closed. */
public final class RssSampler implements AutoCloseable {

    private static final long EVERY_MS = 500;

    private final long pid;
    private final Thread thread;
    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean running = true;

    /** One reading: when (epoch ms) and how much (MB). */
    public record Sample(long epochMs, double mb) {
    }

    private RssSampler(long pid) {
        this.pid = pid;
        this.thread = new Thread(this::sample, "rss-" + pid);
        thread.setDaemon(true);
    }

    public static RssSampler start(long pid) {
        RssSampler sampler = new RssSampler(pid);
        sampler.thread.start();
        return sampler;
    }

    private void sample() {
        while (running && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            double mb = ProcStat.rss(pid).mb();
            synchronized (samples) {
                samples.add(new Sample(System.currentTimeMillis(), mb));
            }
            try {
                Thread.sleep(EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The largest reading so far, MB. */
    public double peakMb() {
        synchronized (samples) {
            return samples.stream().mapToDouble(Sample::mb).max().orElse(0);
        }
    }

    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
