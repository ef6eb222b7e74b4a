package dev.pipeline.collector.storage;

/** Events cannot be recorded durably right now; the client should retry after {@link #retryAfterSeconds()}. */
public final class WriterUnavailableException extends RuntimeException {

    private final int retryAfterSeconds;

    public WriterUnavailableException(String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public WriterUnavailableException(String message, int retryAfterSeconds, Throwable cause) {
        super(message, cause, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
