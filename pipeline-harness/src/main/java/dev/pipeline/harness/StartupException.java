package dev.pipeline.harness;

/** Something could not start; the message says what to do about it, for a person at a terminal. */
public class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
