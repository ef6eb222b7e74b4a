package dev.pipeline.launcher;

import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pids of the services a run started, in {@code data/run/pids}. The services run in sessions of
 * their own, so a launcher killed with SIGKILL leaves them running; the next run stops them before it
 * starts its own, instead of failing on ports they still hold.
 */
final class LeftoverProcesses {

    private static final Duration GRACE = Duration.ofSeconds(15);

    private final Path file;

    LeftoverProcesses(Path runDir) {
        this.file = runDir.resolve("pids");
    }

    /** Stops every process of the file that is still alive and still one of ours; returns the names stopped. */
    List<String> stopAll() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> stopped;
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            Collections.reverse(lines); // generators first, the collector last: the order a run stops in
            stopped = lines.stream()
                    .map(line -> line.split(" ", 2))
                    .filter(fields -> fields.length == 2)
                    .filter(fields -> ProcessHandle.of(Long.parseLong(fields[0]))
                            .filter(LeftoverProcesses::isOurs)
                            .map(handle -> {
                                ChildProcess.stop(handle, GRACE);
                                return true;
                            }).orElse(false))
                    .map(fields -> fields[1] + " (pid " + fields[0] + ")")
                    .toList();
            Files.delete(file);
        } catch (IOException | NumberFormatException e) {
            throw new StartupException("cannot read " + file + " (" + e.getMessage() + "); delete it and check that no"
                    + " service of an earlier run is still running (ps -ef | grep quarkus-run.jar)");
        }
        return stopped;
    }

    void record(long pid, String name) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, pid + " " + name + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StartupException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A pid can be reused: only a java process running one of the services' jars is ours. */
    private static boolean isOurs(ProcessHandle handle) {
        return handle.info().commandLine().map(line -> line.contains("quarkus-run.jar")).orElse(false);
    }
}
