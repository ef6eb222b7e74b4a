package dev.pipeline.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end, for what a tool asks of the system (jcmd, getconf, mount, git, a
 * build): unlike a {@link ChildProcess}, it is waited for, and its output is the answer.
 */
public final class Command {

    /** What it printed (stdout and stderr together) and its exit status; -1 when it could not run or timed out. */
    public record Result(int exitValue, String output) {

        public boolean ok() {
            return exitValue == 0;
        }
    }

    private Command() {
    }

    /** Runs it in the working directory, at most {@code timeout}. */
    public static Result run(List<String> command, Duration timeout) throws InterruptedException {
        return run(command, null, Map.of(), timeout);
    }

    /**
     * @param directory where it runs, null for the working directory
     * @param environment set on top of this JVM's environment
     */
    public static Result run(List<String> command, Path directory, Map<String, String> environment, Duration timeout)
            throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
        }
        // Read while it runs: a command that fills the pipe would otherwise never end.
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(output not read: ").append(e.getMessage()).append(')');
            }
        }, "command-output");
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            reader.join(1000);
            return new Result(-1, output + "\n(killed after " + timeout.toSeconds() + " s)");
        }
        reader.join();
        return new Result(process.exitValue(), output.toString());
    }

    /**
     * Runs it with this JVM's own stdin, stdout and stderr, so that a person sees it (a build, a
     * scenario in a JVM of its own); returns its exit status, -1 when it could not run.
     */
    public static int runInTerminal(List<String> command, Path directory) throws InterruptedException {
        try {
            return new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start().waitFor();
        } catch (IOException e) {
            System.err.println(String.join(" ", command) + ": " + e.getMessage());
            return -1;
        }
    }
}
