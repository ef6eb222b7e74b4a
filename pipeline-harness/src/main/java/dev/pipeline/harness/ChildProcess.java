package dev.pipeline.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A process this JVM started, its output (stdout and stderr together) in a log file: the one place
 * that starts, signals and waits for child processes. {@link PackagedService} adds readiness and
 * endpoints on top; Spark daemons, load clients and the launcher in a test are plain child processes.
 */
public final class ChildProcess {

    /** Where {@code setsid} usually is; see {@link Builder#ownSession()}. */
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final Duration GONE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** A process running {@code command}; nothing starts before {@link Builder#start()}. */
    public static Builder command(String name, List<String> command) {
        return new Builder(name, command);
    }

    /** {@code java <arguments>} with the JVM that runs this code, e.g. {@code java("x", "-Xmx256m", "-jar", jar)}. */
    public static Builder java(String name, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(arguments);
        return new Builder(name, command);
    }

    /** The {@code java} of the running JVM, so children run on the same Java as their parent. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Its exit status; only once it has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Waits at most {@code timeout} for it to end; true when it has. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL, as a crash or the OOM killer ends a process (no shutdown hook runs); returns once it is gone. */
    public void kill9() {
        process.destroyForcibly();
        awaitGone(List.of(process.toHandle()));
    }

    /**
     * SIGKILL of the process and, at the same moment, of every process it started (taken before the
     * kill, as they are reparented after it): a lost node, e.g. a Spark worker with its executors.
     */
    public void kill9WithDescendants() {
        List<ProcessHandle> all = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        all.forEach(ProcessHandle::destroyForcibly);
        awaitGone(all);
    }

    /** SIGKILL without waiting: for a second Ctrl-C, when nothing may wait any more. */
    public void killNow() {
        process.destroyForcibly();
    }

    /**
     * SIGTERM, so that it shuts down cleanly; SIGKILL if it has not ended after {@code grace}.
     *
     * @return true when it ended by itself within {@code grace} (or was not running)
     */
    public boolean stop(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        return false;
    }

    /**
     * SIGTERM to a process this JVM did not start (one left running by an earlier run), SIGKILL if
     * it has not ended after {@code grace}.
     */
    public static void stop(ProcessHandle handle, Duration grace) {
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            handle.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
    }

    /** The last lines of its log, indented, for an error message. */
    public String tail(int lines) {
        return LogTail.of(log, lines);
    }

    private void awaitGone(List<ProcessHandle> handles) {
        for (ProcessHandle handle : handles) {
            try {
                handle.onExit().get(GONE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(name + " (pid " + handle.pid() + ") is still running "
                        + GONE_TIMEOUT.toSeconds() + " s after SIGKILL", e);
            }
        }
    }

    /** How to start one: command, environment, log. */
    public static final class Builder {

        private final String name;
        private final List<String> command;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Set<String> unset = new LinkedHashSet<>();
        private Path log;
        private String header;
        private Path directory;
        private boolean ownSession;

        private Builder(String name, List<String> command) {
            this.name = name;
            this.command = List.copyOf(command);
        }

        /** Set on top of this JVM's own environment, which the child inherits. */
        public Builder env(String variable, String value) {
            environment.put(variable, value);
            unset.remove(variable);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        /** Not passed on even if this JVM has it. */
        public Builder unsetEnv(String variable) {
            environment.remove(variable);
            unset.add(variable);
            return this;
        }

        /** Output to this file, replacing what it held. */
        public Builder log(Path file) {
            this.log = file;
            this.header = null;
            return this;
        }

        /** Output appended to this file (a restart keeps the earlier runs' lines), after a line {@code ---- <now> <header>}. */
        public Builder appendLog(Path file, String header) {
            this.log = file;
            this.header = header;
            return this;
        }

        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /**
         * In a session of its own (through {@code setsid} where there is one): Ctrl-C in a terminal
         * reaches the whole foreground process group, and a child that must be stopped in order (by
         * the launcher, after draining) must not get it.
         */
        public Builder ownSession() {
            this.ownSession = true;
            return this;
        }

        public ChildProcess start() {
            if (log == null) {
                throw new IllegalStateException("no log file for " + name);
            }
            List<String> full = new ArrayList<>();
            if (ownSession) {
                SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(setsid -> full.add(setsid.toString()));
            }
            full.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
            builder.redirectOutput(header == null ? ProcessBuilder.Redirect.to(log.toFile())
                    : ProcessBuilder.Redirect.appendTo(log.toFile()));
            unset.forEach(builder.environment()::remove);
            builder.environment().putAll(environment);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            try {
                Files.createDirectories(log.toAbsolutePath().getParent());
                if (header != null) {
                    Files.writeString(log, "---- " + Instant.now() + " " + header + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                return new ChildProcess(name, builder.start(), log);
            } catch (IOException e) {
                throw new StartupException("cannot start " + name + " (" + String.join(" ", full) + "): " + e.getMessage(), e);
            }
        }
    }
}
