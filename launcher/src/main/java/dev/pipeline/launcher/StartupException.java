package dev.pipeline.launcher;

/**
 * Something keeps the pipeline from starting that the person running it can fix: the message says
 * what and how. Printed as it is, without a stack trace.
 */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
