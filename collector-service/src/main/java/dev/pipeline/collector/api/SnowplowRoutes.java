package dev.pipeline.collector.api;

import dev.pipeline.collector.config.CollectorConfig;
import dev.pipeline.collector.config.Protocol;
import dev.pipeline.collector.tracking.snowplow.SnowplowMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Snowplow's tracker protocol on the collector's port: {@code POST /com.snowplowanalytics.snowplow/tp2}
 * (events in a JSON body) and {@code GET /i} (one event in the query string, answered with a 1×1 GIF,
 * as a tracking pixel expects). Recorded through {@link Ingest} like {@code POST /events}. Snowplow
 * trackers send no credentials, so these paths take no key: switch them off with
 * {@code COLLECTOR_PROTOCOLS} where that matters.
 */
@ApplicationScoped
public class SnowplowRoutes {

    /** A transparent 1×1 GIF, what a tracking pixel answers. */
    private static final Buffer PIXEL = Buffer.buffer(Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"));

    private final CollectorConfig config;
    private final Ingest ingest;
    private final SnowplowMapper mapper;

    SnowplowRoutes(CollectorConfig config, Ingest ingest) {
        this.config = config;
        this.ingest = ingest;
        this.mapper = new SnowplowMapper(config.maxEvents());
    }

    void register(@Observes Router router) {
        if (!config.protocols().contains(Protocol.SNOWPLOW)) {
            return;
        }
        router.post("/com.snowplowanalytics.snowplow/tp2").handler(ctx -> ingest.handle(ctx, Protocol.SNOWPLOW, true, mapper::post,
                (answered, request) -> answered.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("ok")));
        router.get("/i").handler(this::pixel);
    }

    private void pixel(RoutingContext ctx) {
        String query = ctx.request().query() == null ? "" : ctx.request().query();
        Map<String, String> params = new LinkedHashMap<>();
        try {
            MultiMap decoded = ctx.queryParams();
            decoded.names().forEach(name -> params.put(name, decoded.get(name)));
        } catch (IllegalArgumentException malformed) {
            Ingest.error(ctx, 400, "the query string is not valid URL encoding: " + malformed.getMessage());
            return;
        }
        ingest.handle(ctx, Protocol.SNOWPLOW, false, (body, receivedAt) -> mapper.pixel(query, params, receivedAt),
                (answered, request) -> answered.response().setStatusCode(200)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "image/gif")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, must-revalidate")
                        .end(PIXEL));
    }
}
