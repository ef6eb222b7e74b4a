package dev.pipeline.bench.scenario.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies the lines a child process writes to its log onto our stderr as they come, indented: the rate
 * client's progress every 10 s shows while a step runs (the script piped it through {@code sed 's/^/    /'}).
 */
final class LogFollower implements AutoCloseable {

    private static final long POLL_MS = 250;

    private final Path log;
    private final String indent;
    private final PrintStream out;
    private final Thread thread;
    private final StringBuilder partial = new StringBuilder();
    private long position;
    private volatile boolean running = true;

    private LogFollower(Path log, String indent, PrintStream out) {
        this.log = log;
        this.indent = indent;
        this.out = out;
        this.thread = new Thread(this::follow, "follow-" + log.getFileName());
        thread.setDaemon(true);
    }

    static LogFollower start(Path log, String indent) {
        LogFollower follower = new LogFollower(log, indent, System.err);
        follower.thread.start();
        return follower;
    }

    private void follow() {
        while (running) {
            copyNew();
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void copyNew() {
        if (!Files.exists(log)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= position) {
                return;
            }
            byte[] bytes = new byte[(int) Math.min(length - position, 1 << 20)];
            file.seek(position);
            file.readFully(bytes);
            position += bytes.length;
            partial.append(new String(bytes, StandardCharsets.UTF_8));
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                out.println(indent + partial.substring(0, newline));
                partial.delete(0, newline + 1);
            }
        } catch (IOException e) {
            // the next poll tries again; the log stays in the work folder either way
        }
    }

    /** Copies what is left, the last line even without its newline. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
        copyNew();
        synchronized (this) {
            if (partial.length() > 0) {
                out.println(indent + partial);
                partial.setLength(0);
            }
        }
    }
}
