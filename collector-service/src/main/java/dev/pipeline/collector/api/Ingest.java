package dev.pipeline.collector.api;

import dev.pipeline.collector.config.CollectorConfig;
import dev.pipeline.collector.config.Protocol;
import dev.pipeline.collector.storage.CollectorStorage;
import dev.pipeline.collector.storage.GroupCommitWriter;
import dev.pipeline.collector.storage.QuarantineRecords;
import dev.pipeline.collector.storage.WriterUnavailableException;
import dev.pipeline.collector.validation.BadRequestException;
import dev.pipeline.collector.validation.DecodedRequest;
import dev.pipeline.collector.validation.RejectedEvent;
import dev.pipeline.collector.validation.ValidatedRequest;
import dev.pipeline.model.csv.EventCsv;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The one write path of every ingest route ({@code POST /events} and the tracker protocols): reads
 * the body without blocking and within the limits, then on a worker thread decodes it (the route's
 * part), validates and encodes the events, hands them to the {@link GroupCommitWriter}, and answers
 * only once they are on disk. Every failure gets the same answers: 400/408/413 for the request, 503
 * with {@code Retry-After} when it cannot be recorded now.
 */
@ApplicationScoped
public class Ingest {

    private static final Logger LOG = Logger.getLogger(Ingest.class);
    private static final String JSON = "application/json";

    /** Turns a request body (decompressed) into events; runs on a worker thread. */
    @FunctionalInterface
    public interface Decoder {
        DecodedRequest decode(byte[] body, Instant receivedAt) throws BadRequestException;
    }

    /** Writes the success answer once everything is durable. */
    @FunctionalInterface
    public interface Answer {
        void send(RoutingContext ctx, ValidatedRequest request);
    }

    private final CollectorConfig config;
    private final CollectorStorage storage;
    private final BodyReader bodies;
    private final AtomicLong requestIds = new AtomicLong();

    Ingest(CollectorConfig config, CollectorStorage storage) {
        this.config = config;
        this.storage = storage;
        this.bodies = new BodyReader(config.maxBodyBytes(), config.maxInflightBytes(), config.bodyTimeout());
        storage.metrics().inflightBytes(bodies::inflightBytes);
    }

    /**
     * Records what {@code decoder} makes of the request's body and answers with {@code answer}.
     *
     * @param protocol names the request in quarantine records' {@code source}
     * @param sniffGzip whether a gzip body is recognised by its magic bytes too: some tracker SDKs
     *     send gzip without saying so in {@code Content-Encoding}
     */
    public void handle(RoutingContext ctx, Protocol protocol, boolean sniffGzip, Decoder decoder, Answer answer) {
        HttpServerRequest request = ctx.request();
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            error(ctx, 415, "Content-Encoding must be gzip or absent, got " + encoding);
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > config.maxBodyBytes()) {
            error(ctx, 413, "the body is " + length + " bytes, more than " + config.maxBodyBytes()
                    + " (COLLECTOR_MAX_BODY_BYTES)");
            return;
        }
        Context eventLoop = ctx.vertx().getOrCreateContext();
        Future<Buffer> body = request.method() == HttpMethod.GET
                ? Future.succeededFuture(Buffer.buffer())
                : bodies.read(ctx.vertx(), request).onSuccess(read -> ctx.addEndHandler(done -> bodies.release(read.length())));
        body.compose(read -> ctx.vertx().executeBlocking(() -> prepare(read, gzip, sniffGzip, protocol, decoder), false))
                .onSuccess(prepared -> storage.writer().submit(prepared.batch()).whenComplete((ok, failure) ->
                        eventLoop.runOnContext(v -> {
                            if (failure != null) {
                                fail(ctx, failure);
                            } else {
                                count(prepared.request());
                                // Only now is every event durable: valid ones in raw/, the rest in error/.
                                answer.send(ctx, prepared.request());
                            }
                        })))
                .onFailure(failure -> fail(ctx, failure));
    }

    /** What a request becomes before it is written: the validation outcome and the bytes to append. */
    private record Prepared(ValidatedRequest request, GroupCommitWriter.Batch batch) {
    }

    private Prepared prepare(Buffer body, boolean gzip, boolean sniffGzip, Protocol protocol, Decoder decoder)
            throws BadRequestException {
        byte[] bytes = body.getBytes();
        if (gzip || sniffGzip && Gzip.looksLikeGzip(bytes)) {
            bytes = Gzip.decompress(bytes, config.maxBodyBytes());
        }
        Instant receivedAt = Instant.now();
        DecodedRequest decoded = decoder.decode(bytes, receivedAt);
        if (decoded.size() > config.maxEvents()) {
            // A tracker message can expand (an order into its products): refused whole, never stored in part.
            throw BadRequestException.tooLarge("the request makes " + decoded.size() + " events, more than "
                    + config.maxEvents() + " (COLLECTOR_MAX_EVENTS); split the batch");
        }
        ValidatedRequest validated = ValidatedRequest.of(decoded, receivedAt);
        long keptChars = 0;
        for (RejectedEvent rejected : validated.rejected()) {
            keptChars += rejected.originalText().length();
        }
        if (keptChars > config.maxBodyBytes()) {
            // Each record in error/ holds its message's whole text, and a tracker message can be kept
            // once per product: 10,000 products of a 5 MiB order would be 50 GB, far past the heap (it
            // was an OutOfMemoryError, a 500). A body of POST /events never gets here: its events'
            // texts are parts of it.
            throw BadRequestException.tooLarge("the request would keep " + keptChars + " characters of text in error/"
                    + " (a tracker message once for each of its products refused), more than " + config.maxBodyBytes()
                    + " (COLLECTOR_MAX_BODY_BYTES); fix its products or split it");
        }
        String source = "collector " + storage.instanceId() + ", " + protocol.requestName() + " " + requestIds.incrementAndGet();
        byte[] quarantine = QuarantineRecords.encode(validated.rejected(), source, receivedAt);
        byte[] rows = validated.valid().isEmpty() ? new byte[0] : EventCsv.encode(validated.valid());
        return new Prepared(validated, new GroupCommitWriter.Batch(rows, validated.valid().size(), quarantine));
    }

    private void count(ValidatedRequest request) {
        for (RejectedEvent rejected : request.rejected()) {
            storage.metrics().rejected(rejected.rejection().reason());
        }
    }

    private void fail(RoutingContext ctx, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof BodyReader.ClientGoneException) {
            // Nobody is left to answer, and a client hanging up is routine, not worth an ERROR line.
            LOG.debug("A client closed its connection before its body was complete");
        } else if (cause instanceof BadRequestException bad) {
            error(ctx, bad.status(), bad.getMessage());
        } else if (cause instanceof WriterUnavailableException unavailable) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(unavailable.retryAfterSeconds()));
            error(ctx, 503, unavailable.getMessage());
        } else {
            LOG.errorf(cause, "Unexpected failure while handling %s %s", ctx.request().method(), ctx.request().path());
            error(ctx, 500, "internal error: " + cause.getClass().getSimpleName());
        }
    }

    /** Answers {@code {"error":"..."}} with {@code status}, closing the connection when the rest of the body is not wanted. */
    public static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        if (status == 413 || status == BodyReader.REQUEST_TIMEOUT || status == 400 && !ctx.request().isEnded()) {
            // The rest of the body is not wanted: close rather than read it.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        var written = ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(IngestResponse.error(message));
        if (status == BodyReader.REQUEST_TIMEOUT) {
            // Vert.x closes a "Connection: close" connection only once the request has ended, which a
            // client this slow may not do for a long time: close it as soon as the answer is out.
            written.onComplete(done -> ctx.request().connection().close());
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
