package dev.pipeline.stream.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The live dashboard: {@code GET /} is the page (its script and styles are static files under
 * {@code /dashboard/}, its charts the uPlot webjar), {@code GET /dashboard.json} the figures it polls.
 * Read-only. The page holds no data: the script sets every figure as text, and the policy below lets
 * it load nothing from elsewhere and run no inline script.
 */
@Path("/")
public class DashboardResource {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'; object-src 'none'";
    private static final byte[] PAGE = readPage();

    private final DashboardRefresher refresher;

    DashboardResource(DashboardRefresher refresher) {
        this.refresher = refresher;
    }

    /** The page. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        return secured(Response.ok(PAGE, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")));
    }

    /** The figures the page shows, as the dashboard's refresher last computed them. */
    @GET
    @Path("dashboard.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response figures() {
        DashboardView view = refresher.view();
        if (view == null) {
            return secured(Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "1"));
        }
        return secured(Response.ok(view));
    }

    private static Response secured(Response.ResponseBuilder response) {
        return response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .build();
    }

    private static byte[] readPage() {
        try (InputStream page = DashboardResource.class.getResourceAsStream("/dashboard/page.html")) {
            if (page == null) {
                throw new IllegalStateException("dashboard/page.html is missing from the class path");
            }
            return page.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
