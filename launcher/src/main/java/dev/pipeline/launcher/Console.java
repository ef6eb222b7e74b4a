package dev.pipeline.launcher;

import java.io.PrintStream;

/**
 * What the person running the pipeline sees. In a terminal the status is one line, rewritten in
 * place; when the output goes to a file or a CI log, a status line is printed only every few ticks,
 * so that the log stays readable.
 */
final class Console {

    /** Status ticks between two printed lines when the output is not a terminal. */
    private static final int TICKS_PER_LINE_WHEN_LOGGED = 5;
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintStream out;
    private final boolean terminal;
    private boolean statusShown;
    /** A {@link #begin} waits for its {@link #done}: anything else printed first goes on a new line. */
    private boolean lineOpen;
    private int ticks;

    Console(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static Console system() {
        // System.console() is null when either end is redirected: then no escape codes.
        return new Console(System.out, System.console() != null);
    }

    synchronized void line(String text) {
        clearStatus();
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        out.println(text);
        out.flush();
    }

    /** Starts a line that {@link #done} ends, e.g. "collector ... ready in 2.1 s". */
    synchronized void begin(String text) {
        clearStatus();
        out.print(text);
        lineOpen = true;
        out.flush();
    }

    synchronized void done(String text) {
        lineOpen = false;
        out.println(text);
        out.flush();
    }

    synchronized void status(String text) {
        if (terminal) {
            out.print(CLEAR_LINE + text);
            statusShown = true;
        } else if (ticks++ % TICKS_PER_LINE_WHEN_LOGGED == 0) {
            out.println(text);
        }
        out.flush();
    }

    private void clearStatus() {
        if (statusShown) {
            out.print(CLEAR_LINE);
            statusShown = false;
        }
    }
}
