package dev.pipeline.collector.api;

import static dev.pipeline.collector.validation.BadRequestException.tooLarge;

import dev.pipeline.collector.storage.WriterUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads request bodies without blocking a thread. Each body is refused as soon as it passes the
 * per-request limit (413), and all bodies together may hold at most {@code maxInflightBytes} of
 * memory (503 beyond): however much and however many clients send, the heap stays bounded.
 */
final class BodyReader {

    private final long maxBodyBytes;
    private final long maxInflightBytes;
    private final AtomicLong inflight = new AtomicLong();

    BodyReader(long maxBodyBytes, long maxInflightBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxInflightBytes = maxInflightBytes;
    }

    /**
     * Reads the body; its bytes count against the shared budget until {@code release} runs with the
     * returned body's length (the caller does that once the request is answered).
     */
    Future<Buffer> read(HttpServerRequest request) {
        Promise<Buffer> body = Promise.promise();
        Buffer buffer = Buffer.buffer();
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
        request.exceptionHandler(body::tryFail);
        request.endHandler(end -> body.tryComplete(buffer));
        // A body that fails midway gives back what it had counted at once.
        return body.future().onFailure(failure -> release(buffer.length()));
    }

    void release(long bytes) {
        inflight.addAndGet(-bytes);
    }

    long inflightBytes() {
        return inflight.get();
    }
}
