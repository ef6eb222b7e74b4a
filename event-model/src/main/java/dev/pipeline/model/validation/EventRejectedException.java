package dev.pipeline.model.validation;

/**
 * Thrown by the rules when an event breaks the contract. Rejections are ordinary (a client may send
 * thousands per second), so the exception carries no stack trace: it costs no more than a return.
 */
public final class EventRejectedException extends Exception {

    private final transient Rejection rejection;

    public EventRejectedException(Reason reason, String message) {
        super(reason.code() + ": " + message, null, false, false);
        this.rejection = new Rejection(reason, message);
    }

    public Rejection rejection() {
        return rejection;
    }
}
