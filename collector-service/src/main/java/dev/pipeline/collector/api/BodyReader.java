package dev.pipeline.collector.api;

import static dev.pipeline.collector.validation.BadRequestException.tooLarge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body without blocking a thread, refusing it as soon as it passes the limit, so a
 * client can make the collector hold at most the limit in memory, however much it sends.
 */
final class BodyReader {

    private BodyReader() {
    }

    static Future<Buffer> read(HttpServerRequest request, long maxBytes) {
        Promise<Buffer> body = Promise.promise();
        Buffer buffer = Buffer.buffer();
        request.handler(chunk -> {
            if (body.future().isComplete()) {
                return;
            }
            if (buffer.length() + (long) chunk.length() > maxBytes) {
                body.tryFail(tooLarge("the body is larger than " + maxBytes + " bytes (COLLECTOR_MAX_BODY_BYTES)"));
            } else {
                buffer.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(body::tryFail);
        request.endHandler(end -> body.tryComplete(buffer));
        return body.future();
    }
}
