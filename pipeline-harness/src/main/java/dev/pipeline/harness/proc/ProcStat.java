package dev.pipeline.harness.proc;

import dev.pipeline.harness.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What Linux says a process has used, from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}:
 * CPU seconds (its own, and its children's: PostgreSQL's backends, a Spark worker's executors) and
 * resident memory. A process that is gone reads as nothing used.
 */
public final class ProcStat {

    private static final double TICKS_PER_SECOND = ticksPerSecond();

    private ProcStat() {
    }

    /** CPU seconds (user + system) the process used so far; 0 when it is gone. */
    public static double cpuSeconds(long pid) {
        return fields(pid).map(f -> ticks(f, 11) + ticks(f, 12)).orElse(0.0);
    }

    /**
     * CPU seconds its children used so far: those running (with what they reaped of their own) plus
     * those it has reaped itself. The difference of two readings therefore also counts a child that
     * started or ended between them (e.g. a PostgreSQL backend: one per connection).
     */
    public static double childrenCpuSeconds(long pid) {
        Optional<String[]> own = fields(pid);
        if (own.isEmpty()) {
            return 0;
        }
        double reaped = ticks(own.get(), 13) + ticks(own.get(), 14);
        double running = ProcessHandle.of(pid).map(handle -> handle.children()
                .mapToDouble(child -> fields(child.pid()).map(ProcStat::withReaped).orElse(0.0)).sum()).orElse(0.0);
        return reaped + running;
    }

    /**
     * CPU seconds of the process and of its children ({@link #childrenCpuSeconds}): what a server and
     * the processes it forks cost together (PostgreSQL and its backends; a JVM and the commands it runs).
     */
    public static double cpuSecondsWithChildren(long pid) {
        return cpuSeconds(pid) + childrenCpuSeconds(pid);
    }

    /** Its resident memory now ({@code VmRSS}) and its peak ({@code VmHWM}), in MB; zeros when it is gone. */
    public static Rss rss(long pid) {
        try {
            long rss = 0;
            long hwm = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kilobytes(line);
                }
            }
            return new Rss(rss / 1024.0, hwm / 1024.0);
        } catch (IOException e) {
            return new Rss(0, 0);
        }
    }

    /**
     * CPU seconds (user + system) of the process's threads whose name ({@code /proc/<pid>/task/<tid>/comm},
     * at most 15 characters) starts with {@code namePrefix}, e.g. {@code "C2 CompilerThre"} for a JVM's
     * JIT; 0 when the process is gone. A thread that ended between two readings is not counted.
     */
    public static double threadsCpuSeconds(long pid, String namePrefix) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        double seconds = 0;
        try (var threads = Files.list(tasks)) {
            for (Path task : threads.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).trim();
                    if (name.startsWith(namePrefix)) {
                        seconds += fields(task.resolve("stat")).map(f -> ticks(f, 11) + ticks(f, 12)).orElse(0.0);
                    }
                } catch (IOException | RuntimeException threadEnded) {
                    // the thread ended while being read
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return seconds;
    }

    /** Resident memory in MB: now and the process's peak so far. */
    public record Rss(double mb, double peakMb) {
    }

    private static double withReaped(String[] f) {
        return ticks(f, 11) + ticks(f, 12) + ticks(f, 13) + ticks(f, 14);
    }

    /** The fields after {@code (command)}: index 0 is the state, 1 the parent pid, 11–14 utime, stime, cutime, cstime. */
    private static Optional<String[]> fields(long pid) {
        return fields(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** The same of a {@code stat} file: a process's, or one of its threads' ({@code /proc/<pid>/task/<tid>/stat}). */
    private static Optional<String[]> fields(Path statFile) {
        try {
            String stat = Files.readString(statFile, StandardCharsets.UTF_8);
            return Optional.of(stat.substring(stat.lastIndexOf(") ") + 2).trim().split(" "));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static double ticks(String[] fields, int index) {
        return Long.parseLong(fields[index]) / TICKS_PER_SECOND;
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** {@code getconf CLK_TCK}: 100 on every Linux this runs on, but asked rather than assumed. */
    private static double ticksPerSecond() {
        try {
            Command.Result getconf = Command.run(List.of("getconf", "CLK_TCK"), Duration.ofSeconds(10));
            return getconf.ok() ? Double.parseDouble(getconf.output().trim()) : 100;
        } catch (NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
