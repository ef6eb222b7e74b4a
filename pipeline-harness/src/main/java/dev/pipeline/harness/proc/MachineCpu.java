package dev.pipeline.harness.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine is, from the {@code cpu} line of {@code /proc/stat}: everything running
 * on it counts, other people's builds included. {@code MachineCpu.now()} twice, then
 * {@link #coresBusySince(MachineCpu)}: 2.00 on two cores is the whole machine.
 *
 * @param busy jiffies spent running (user, nice, system, irq, softirq, steal)
 * @param total busy plus idle and iowait
 */
public record MachineCpu(long busy, long total) {

    public static MachineCpu now() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                            + Long.parseLong(f[7]) + Long.parseLong(f[8]);
                    return new MachineCpu(busy, busy + Long.parseLong(f[4]) + Long.parseLong(f[5]));
                }
            }
            throw new IllegalStateException("/proc/stat has no cpu line");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cores busy on average between {@code before} and this reading. */
    public double coresBusySince(MachineCpu before) {
        long elapsed = total - before.total;
        return elapsed <= 0 ? 0 : Runtime.getRuntime().availableProcessors() * (double) (busy - before.busy) / elapsed;
    }

    /** CPU seconds the whole machine spent busy between {@code before} and this reading (jiffies are 1/100 s). */
    public double busySecondsSince(MachineCpu before) {
        return (busy - before.busy) / 100.0;
    }
}
