package dev.pipeline.collector.api;

import static dev.pipeline.collector.validation.BadRequestException.badRequest;
import static dev.pipeline.collector.validation.BadRequestException.tooLarge;

import dev.pipeline.collector.storage.WriterUnavailableException;
import dev.pipeline.collector.validation.BadRequestException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads request bodies without blocking a thread. Each body is refused as soon as it passes the
 * per-request limit (413), and all bodies together may hold at most {@code maxInflightBytes} of
 * memory (503 beyond): however much and however many clients send, the heap stays bounded. A body
 * must also arrive whole within {@code timeout} (408 otherwise), so that slow clients cannot hold
 * that budget, or a connection, for ever.
 */
final class BodyReader {

    /** HTTP's status for a request that did not arrive in time (RFC 9110, 15.5.9). */
    static final int REQUEST_TIMEOUT = 408;

    private final long maxBodyBytes;
    private final long maxInflightBytes;
    private final Duration timeout;
    private final AtomicLong inflight = new AtomicLong();

    BodyReader(long maxBodyBytes, long maxInflightBytes, Duration timeout) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxInflightBytes = maxInflightBytes;
        this.timeout = timeout;
    }

    /**
     * Reads the body; its bytes count against the shared budget until {@code release} runs with the
     * returned body's length (the caller does that once the request is answered).
     */
    Future<Buffer> read(Vertx vertx, HttpServerRequest request) {
        Promise<Buffer> body = Promise.promise();
        Buffer buffer = Buffer.buffer();
        // Vert.x' idle timeout only closes a connection that sends nothing at all: one byte every few
        // seconds keeps it open, and the bytes it sent stay counted against the in-flight budget.
        long timer = timeout.toMillis() <= 0 ? -1 : vertx.setTimer(timeout.toMillis(), id -> body.tryFail(
                new BadRequestException(REQUEST_TIMEOUT, "the body did not arrive within " + timeout.toMillis()
                        + " ms (COLLECTOR_BODY_TIMEOUT)")));
        request.handler(chunk -> {
            if (body.future().isComplete()) {
                return;
            }
            if (buffer.length() + (long) chunk.length() > maxBodyBytes) {
                body.tryFail(tooLarge("the body is larger than " + maxBodyBytes + " bytes (COLLECTOR_MAX_BODY_BYTES)"));
            } else if (inflight.addAndGet(chunk.length()) > maxInflightBytes) {
                inflight.addAndGet(-chunk.length());
                body.tryFail(new WriterUnavailableException("too many request bodies in memory at once ("
                        + "COLLECTOR_MAX_INFLIGHT_BYTES); retry shortly", 1));
            } else {
                buffer.appendBuffer(chunk);
            }
        });
        // A client that goes away mid-body is not an error of ours; a body the HTTP decoder cannot
        // read (a broken chunked encoding, say) is the client's: both used to end in a logged 500.
        request.exceptionHandler(failure -> body.tryFail(failure instanceof HttpClosedException
                ? new ClientGoneException() : badRequest("the request body could not be read: " + failure.getMessage())));
        request.endHandler(end -> body.tryComplete(buffer));
        // A body that fails midway gives back what it had counted at once.
        return body.future()
                .onComplete(done -> {
                    if (timer >= 0) {
                        vertx.cancelTimer(timer);
                    }
                })
                .onFailure(failure -> release(buffer.length()));
    }

    void release(long bytes) {
        inflight.addAndGet(-bytes);
    }

    long inflightBytes() {
        return inflight.get();
    }

    /** The client closed the connection before its body was complete: there is no one to answer. */
    static final class ClientGoneException extends RuntimeException {
        ClientGoneException() {
            super("the client closed the connection before the body was complete", null, false, false);
        }
    }
}
