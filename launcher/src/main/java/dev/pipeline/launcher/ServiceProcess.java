package dev.pipeline.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service run as a child process: {@code java -jar <module>/target/quarkus-app/quarkus-run.jar},
 * its output appended to {@code data/logs/<name>.log}, ready when {@code /q/health/ready} answers 200.
 */
final class ServiceProcess {

    /** Where {@code setsid} usually is; see {@link #command()}. */
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final int LOG_LINES_SHOWN = 15;

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    /** Once killed, never started again: a restart racing the second Ctrl-C must not outlive the launcher. */
    private boolean killed;

    ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = new LinkedHashMap<>(environment);
        this.environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        this.log = log;
    }

    String name() {
        return name;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path log() {
        return log;
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    synchronized void start() {
        if (killed) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.writeString(log, "---- " + Instant.now() + " run.sh starts " + name + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new StartupException("cannot start " + name + " (" + String.join(" ", command()) + "): " + e.getMessage(), e);
        }
    }

    /**
     * The service runs in a session of its own (through {@code setsid} where there is one): Ctrl-C in
     * the terminal reaches the whole foreground process group, and the services must not stop before
     * the launcher has drained them. The launcher stops them itself, in order.
     */
    private List<String> command() {
        List<String> command = new ArrayList<>();
        SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(setsid -> command.add(setsid.toString()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** -1 when it never started. */
    synchronized int exitValue() {
        return process == null ? -1 : process.exitValue();
    }

    /** Waits for {@code /q/health/ready}; fails with the end of the log if the service dies or takes too long. */
    void awaitReady(ServiceClient client, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI ready = url().resolve("/q/health/ready");
        while (client.status(ready) != 200) {
            if (!isAlive()) {
                throw new StartupException(name + " stopped while starting (exit status " + exitValue() + "). The end of "
                        + log + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException(name + " is not ready after " + timeout.toSeconds() + " s (" + ready
                        + " does not answer 200). The end of " + log + ":\n" + tail());
            }
            Thread.sleep(250);
        }
    }

    /** SIGTERM, so the service shuts down cleanly; SIGKILL if it has not after {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroy();
        if (!current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            current.destroyForcibly();
            current.waitFor(5, TimeUnit.SECONDS);
        }
    }

    synchronized void kill() {
        killed = true;
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** The last lines of the log, indented, for an error message. */
    String tail() {
        return LogTail.of(log, LOG_LINES_SHOWN);
    }
}
