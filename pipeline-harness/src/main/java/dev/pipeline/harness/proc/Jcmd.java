package dev.pipeline.harness.proc;

import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JDK's {@code jcmd} against a running JVM: a full GC, the heap in use after it, what the heap holds. */
public final class Jcmd {

    private static final Pattern USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private Jcmd() {
    }

    /** Asks the JVM for a full GC ({@code GC.run}); false when jcmd is missing or fails. */
    public static boolean gc(long pid) throws InterruptedException {
        return run(pid, "GC.run") != null;
    }

    /** The heap in use right after a full GC, MB; empty when it cannot be read. */
    public static OptionalDouble heapUsedAfterGcMb(long pid) throws InterruptedException {
        if (!gc(pid)) {
            return OptionalDouble.empty();
        }
        String info = run(pid, "GC.heap_info");
        Matcher used = info == null ? null : USED.matcher(info);
        return used != null && used.find() ? OptionalDouble.of(Long.parseLong(used.group(1)) / 1024.0) : OptionalDouble.empty();
    }

    /**
     * The live objects by class, biggest first ({@code GC.class_histogram}, after a full GC), as jcmd
     * prints it; empty when it cannot be read.
     */
    public static Optional<String> classHistogram(long pid) throws InterruptedException {
        return Optional.ofNullable(run(pid, "GC.class_histogram"));
    }

    /** jcmd's output, or null when it cannot run or fails. */
    private static String run(long pid, String command) throws InterruptedException {
        Path jcmd = Path.of(ChildProcess.javaExecutable()).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        Command.Result result = Command.run(List.of(jcmd.toString(), Long.toString(pid), command), Duration.ofSeconds(60));
        return result.ok() ? result.output() : null;
    }
}
