package dev.pipeline.collector.validation;

/** A request the collector refuses whole, with the HTTP status to answer and a message saying what to fix. */
public final class BadRequestException extends Exception {

    private final int status;

    public BadRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static BadRequestException badRequest(String message) {
        return new BadRequestException(400, message);
    }

    public static BadRequestException tooLarge(String message) {
        return new BadRequestException(413, message);
    }

    public int status() {
        return status;
    }
}
