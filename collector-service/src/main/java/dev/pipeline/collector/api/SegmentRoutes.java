package dev.pipeline.collector.api;

import dev.pipeline.collector.config.CollectorConfig;
import dev.pipeline.collector.config.Protocol;
import dev.pipeline.collector.tracking.segment.SegmentMapper;
import dev.pipeline.collector.validation.BadRequestException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Segment's HTTP Tracking API on the collector's port: {@code POST /v1/batch} and the single-call
 * paths {@code /v1/track}, {@code /v1/page}, ... Recorded through {@link Ingest} like {@code POST
 * /events}; answered {@code 200 {"success":true}}, which is what the SDKs wait for. The write key
 * comes as the HTTP Basic user name (analytics-node, RudderStack) or as {@code writeKey} in the body.
 */
@ApplicationScoped
public class SegmentRoutes {

    private static final String SUCCESS = "{\"success\":true}";

    private final CollectorConfig config;
    private final Ingest ingest;
    private final ApiKeyCheck writeKey;
    private final SegmentMapper mapper;

    SegmentRoutes(CollectorConfig config, Ingest ingest) {
        this.config = config;
        this.ingest = ingest;
        this.writeKey = new ApiKeyCheck(config.apiKey());
        this.mapper = new SegmentMapper(config.maxEvents());
    }

    void register(@Observes Router router) {
        if (!config.protocols().contains(Protocol.SEGMENT)) {
            return;
        }
        router.post("/v1/batch").handler(ctx -> handle(ctx, null));
        for (String type : SegmentMapper.CALL_TYPES) {
            router.post("/v1/" + type).handler(ctx -> handle(ctx, type));
        }
        router.route("/v1/*").handler(ctx -> Ingest.error(ctx, 404, ctx.request().method() + " " + ctx.request().path()
                + " is not a Segment path this collector answers: POST /v1/batch or /v1/" + String.join(", /v1/", SegmentMapper.CALL_TYPES)));
    }

    /** @param type the single call's type, or {@code null} for a batch */
    private void handle(RoutingContext ctx, String type) {
        String basicUser = basicUser(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (basicUser != null && !writeKey.allows(basicUser)) {
            Ingest.error(ctx, 401, "wrong write key in the Authorization header (COLLECTOR_API_KEY)");
            return;
        }
        ingest.handle(ctx, Protocol.SEGMENT, true, (body, receivedAt) -> {
            SegmentMapper.Mapped mapped = type == null ? mapper.batch(body, receivedAt) : mapper.single(type, body, receivedAt);
            if (basicUser == null && !writeKey.allows(mapped.writeKey().orElse(null))) {
                throw new BadRequestException(401, "missing or wrong write key: send it as the HTTP Basic user name"
                        + " or as writeKey in the body (COLLECTOR_API_KEY)");
            }
            return mapped.request();
        }, (answered, request) -> answered.response().setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(SUCCESS));
    }

    /** The user name of {@code Authorization: Basic base64(user:password)}; {@code null} when there is none. */
    static String basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = credentials.indexOf(':');
            return colon < 0 ? credentials : credentials.substring(0, colon);
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }
}
