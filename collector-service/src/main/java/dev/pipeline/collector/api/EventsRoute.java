package dev.pipeline.collector.api;

import dev.pipeline.collector.config.CollectorConfig;
import dev.pipeline.collector.config.Protocol;
import dev.pipeline.collector.validation.DecodedRequest;
import dev.pipeline.collector.validation.RequestBodyParser;
import dev.pipeline.collector.validation.ValidatedRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * {@code POST /events}, the collector's own protocol: JSON or NDJSON events in the contract's shape,
 * recorded through {@link Ingest}, answered 202 (or 400 when no event was valid) with the outcome of
 * each event. A plain Vert.x route rather than a JAX-RS resource, so that body limits, gzip and every
 * error answer are under our control before a byte is buffered.
 */
@ApplicationScoped
public class EventsRoute {

    private static final String JSON = "application/json";

    private final CollectorConfig config;
    private final Ingest ingest;
    private final ApiKeyCheck apiKey;
    private final RequestBodyParser parser;

    EventsRoute(CollectorConfig config, Ingest ingest) {
        this.config = config;
        this.ingest = ingest;
        this.apiKey = new ApiKeyCheck(config.apiKey());
        this.parser = new RequestBodyParser(config.maxEvents());
    }

    void register(@Observes Router router) {
        if (config.protocols().contains(Protocol.EVENTS)) {
            router.post("/events").handler(this::handle);
        }
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!apiKey.allows(request.getHeader("X-API-Key"))) {
            Ingest.error(ctx, 401, "missing or wrong X-API-Key");
            return;
        }
        Optional<BodyFormat> format = BodyFormat.of(request.getHeader(HttpHeaders.CONTENT_TYPE));
        if (format.isEmpty()) {
            Ingest.error(ctx, 415, "Content-Type must be application/json or application/x-ndjson, got "
                    + Optional.ofNullable(request.getHeader(HttpHeaders.CONTENT_TYPE)).orElse("none"));
            return;
        }
        ingest.handle(ctx, Protocol.EVENTS, false, (body, receivedAt) -> DecodedRequest.of(switch (format.get()) {
            case JSON -> parser.parseJson(body, body.length);
            case NDJSON -> parser.parseNdjson(body, body.length);
        }), EventsRoute::answer);
    }

    private static void answer(RoutingContext ctx, ValidatedRequest request) {
        int status = request.valid().isEmpty() ? 400 : 202;
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(IngestResponse.outcome(request));
    }
}
