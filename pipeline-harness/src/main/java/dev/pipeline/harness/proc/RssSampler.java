package dev.pipeline.harness.proc;

import java.time.Duration;
import java.util.List;

/** Samples a process's resident memory every half second on a thread of its own, until closed or the process ends. */
public final class RssSampler implements AutoCloseable {

    private static final Duration EVERY = Duration.ofMillis(500);

    private final PeriodicSampler<Sample> sampler;

    /** One reading: when (epoch ms) and how much (MB). */
    public record Sample(long epochMs, double mb) {
    }

    private RssSampler(long pid) {
        this.sampler = PeriodicSampler.start("rss-" + pid, System.currentTimeMillis(), EVERY,
                () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                () -> new Sample(System.currentTimeMillis(), ProcStat.rss(pid).mb()));
    }

    public static RssSampler start(long pid) {
        return new RssSampler(pid);
    }

    /** The largest reading so far, MB. */
    public double peakMb() {
        return samples().stream().mapToDouble(Sample::mb).max().orElse(0);
    }

    public List<Sample> samples() {
        return sampler.samples();
    }

    @Override
    public void close() throws InterruptedException {
        sampler.close();
    }
}
