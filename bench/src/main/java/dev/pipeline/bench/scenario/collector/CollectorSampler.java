package dev.pipeline.bench.scenario.collector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.PackagedService;
import dev.pipeline.harness.proc.ProcStat;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector watched while a load client runs against it: every 0.5 s its resident memory
 * ({@code VmRSS}, {@code VmHWM}), its CPU seconds and the client's connections open to its port, until
 * the client or the collector ends. {@link #figures} then gives the point's {@code collector} part.
 */
final class CollectorSampler implements AutoCloseable {

    private static final long EVERY_MS = 500;

    /** One reading: when (epoch ms), memory (MB), CPU seconds used so far, client connections open. */
    record Sample(long epochMs, double rssMb, double hwmMb, double cpuSeconds, int tcpConnections) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private CollectorSampler(PackagedService collector, ChildProcess client, int maxSamples) {
        this.thread = new Thread(() -> sample(collector, client, maxSamples), "collector-sampler");
        thread.setDaemon(true);
    }

    /** @param maxSamples a bound, in case the client hangs: the script's (warm-up + duration) / 0.5 s + 240 */
    static CollectorSampler start(PackagedService collector, ChildProcess client, int maxSamples) {
        CollectorSampler sampler = new CollectorSampler(collector, client, maxSamples);
        sampler.thread.start();
        return sampler;
    }

    private void sample(PackagedService collector, ChildProcess client, int maxSamples) {
        long pid = collector.pid();
        for (int i = 0; i < maxSamples && running && client.isAlive() && collector.isAlive(); i++) {
            ProcStat.Rss rss = ProcStat.rss(pid);
            Sample sample = new Sample(System.currentTimeMillis(), rss.mb(), rss.peakMb(), ProcStat.cpuSeconds(pid),
                    TcpConnections.ofProcessToPort(client.pid(), collector.port()));
            synchronized (samples) {
                samples.add(sample);
            }
            try {
                Thread.sleep(EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /**
     * The collector's figures over the client's measured window, as the script computed them: the
     * largest RSS of all samples, the last HWM, CPU cores from the first and last sample inside the
     * window (null with fewer than two), the most client connections seen inside it, the sample count.
     */
    static ObjectNode figures(List<Sample> samples, long windowStartEpochMs, long windowEndEpochMs) {
        double rss = 0;
        double hwm = 0;
        Sample first = null;
        Sample last = null;
        int tcp = 0;
        for (Sample sample : samples) {
            rss = Math.max(rss, sample.rssMb());
            hwm = sample.hwmMb();
            if (sample.epochMs() >= windowStartEpochMs && sample.epochMs() <= windowEndEpochMs) {
                if (first == null) {
                    first = sample;
                }
                last = sample;
                tcp = Math.max(tcp, sample.tcpConnections());
            }
        }
        ObjectNode figures = BenchRun.JSON.createObjectNode();
        figures.set("rss_max_mb", JqFigures.number(JqFigures.round(rss, 1)));
        figures.set("hwm_mb", JqFigures.number(JqFigures.round(hwm, 1)));
        boolean timed = first != null && last.epochMs() > first.epochMs();
        figures.set("cpu_cores", timed ? JqFigures.number(JqFigures.round((last.cpuSeconds() - first.cpuSeconds())
                / ((last.epochMs() - first.epochMs()) / 1000.0), 2)) : figures.nullNode());
        figures.put("tcp_connections", tcp);
        figures.put("samples", samples.size());
        return figures;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
