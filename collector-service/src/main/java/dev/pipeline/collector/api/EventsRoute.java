package dev.pipeline.collector.api;

import static dev.pipeline.collector.validation.BadRequestException.badRequest;

import dev.pipeline.collector.config.CollectorConfig;
import dev.pipeline.collector.storage.CollectorStorage;
import dev.pipeline.collector.storage.GroupCommitWriter;
import dev.pipeline.collector.storage.QuarantineRecords;
import dev.pipeline.collector.storage.WriterUnavailableException;
import dev.pipeline.collector.validation.BadRequestException;
import dev.pipeline.collector.validation.RawEvent;
import dev.pipeline.collector.validation.RejectedEvent;
import dev.pipeline.collector.validation.RequestBodyParser;
import dev.pipeline.collector.validation.ValidatedRequest;
import dev.pipeline.model.csv.EventCsv;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@code POST /events}: reads the body without blocking, then on a worker thread parses and validates
 * it and hands the encoded events to the {@link GroupCommitWriter}; answers 202 only once they are on
 * disk. A plain Vert.x route rather than a JAX-RS resource, so that body limits, gzip and every
 * error answer are under our control before a byte is buffered.
 */
@ApplicationScoped
public class EventsRoute {

    private static final Logger LOG = Logger.getLogger(EventsRoute.class);
    private static final String JSON = "application/json";

    private final CollectorConfig config;
    private final CollectorStorage storage;
    private final ApiKeyCheck apiKey;
    private final RequestBodyParser parser;
    private final BodyReader bodies;
    private final AtomicLong requestIds = new AtomicLong();

    EventsRoute(CollectorConfig config, CollectorStorage storage) {
        this.config = config;
        this.storage = storage;
        this.apiKey = new ApiKeyCheck(config.apiKey());
        this.parser = new RequestBodyParser(config.maxEvents());
        this.bodies = new BodyReader(config.maxBodyBytes(), config.maxInflightBytes(), config.bodyTimeout());
        storage.metrics().inflightBytes(bodies::inflightBytes);
    }

    void register(@Observes Router router) {
        router.post("/events").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!apiKey.allows(request.getHeader("X-API-Key"))) {
            error(ctx, 401, "missing or wrong X-API-Key");
            return;
        }
        Optional<BodyFormat> format = BodyFormat.of(request.getHeader(HttpHeaders.CONTENT_TYPE));
        if (format.isEmpty()) {
            error(ctx, 415, "Content-Type must be application/json or application/x-ndjson, got "
                    + Optional.ofNullable(request.getHeader(HttpHeaders.CONTENT_TYPE)).orElse("none"));
            return;
        }
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
        bodies.read(ctx.vertx(), request)
                .onSuccess(body -> ctx.addEndHandler(done -> bodies.release(body.length())))
                .compose(body -> ctx.vertx().executeBlocking(() -> prepare(body, format.get(), gzip), false))
                .onSuccess(prepared -> storage.writer().submit(prepared.batch()).whenComplete((ok, failure) ->
                        eventLoop.runOnContext(v -> answer(ctx, prepared.request(), failure))))
                .onFailure(failure -> fail(ctx, failure));
    }

    /** What a request becomes before it is written: the validation outcome and the bytes to append. */
    private record Prepared(ValidatedRequest request, GroupCommitWriter.Batch batch) {
    }

    private Prepared prepare(Buffer body, BodyFormat format, boolean gzip) throws BadRequestException {
        byte[] bytes = body.getBytes();
        if (gzip) {
            bytes = Gzip.decompress(bytes, config.maxBodyBytes());
        }
        List<RawEvent> events = switch (format) {
            case JSON -> parser.parseJson(bytes, bytes.length);
            case NDJSON -> parser.parseNdjson(bytes, bytes.length);
        };
        Instant receivedAt = Instant.now();
        ValidatedRequest validated = ValidatedRequest.of(events, receivedAt);
        String source = "collector " + storage.instanceId() + ", request " + requestIds.incrementAndGet();
        byte[] quarantine = QuarantineRecords.encode(validated.rejected(), source, receivedAt);
        byte[] rows = validated.valid().isEmpty() ? new byte[0] : EventCsv.encode(validated.valid());
        return new Prepared(validated, new GroupCommitWriter.Batch(rows, validated.valid().size(), quarantine));
    }

    private void answer(RoutingContext ctx, ValidatedRequest request, Throwable failure) {
        if (failure != null) {
            fail(ctx, failure);
            return;
        }
        for (RejectedEvent rejected : request.rejected()) {
            storage.metrics().rejected(rejected.rejection().reason());
        }
        // Only once every event is durable: valid ones in raw/, invalid ones in error/.
        int status = request.valid().isEmpty() ? 400 : 202;
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(IngestResponse.outcome(request));
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
            LOG.error("Unexpected failure while handling POST /events", cause);
            error(ctx, 500, "internal error: " + cause.getClass().getSimpleName());
        }
    }

    private static void error(RoutingContext ctx, int status, String message) {
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
