package dev.pipeline.collector.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Adds {@code Vary: Origin} to every answer: the CORS filter echoes the request's origin, so a cache
 * between browser and collector must not hand one page's answer (the pixel's, a preflight's) to a
 * page of another origin. Quarkus' filter does not say so itself.
 */
@ApplicationScoped
public class VaryOnOrigin {

    void register(@Observes Router router) {
        // Before every other handler, the CORS filter's included, which ends a preflight itself.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> ctx.response().headers().add(HttpHeaders.VARY, "Origin"));
            ctx.next();
        });
    }
}
