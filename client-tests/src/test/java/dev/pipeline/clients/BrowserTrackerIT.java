package dev.pipeline.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Snowplow browser tracker with its e-commerce plugin, from npm, on a shop page in a real headless Chromium
 * ({@code src/test/node/browser-snowplow.js}), the page on another origin than the collector: a signed-in user's
 * view, add to cart and purchase go through {@code POST} tp2 (a CORS preflight first), an anonymous visitor's
 * through the {@code GET /i} pixel. Chromium must accept every answer (no console error, no failed request,
 * which is how a CORS refusal shows), each preflight and answer must echo the page's origin with credentials
 * allowed, the rows must be in {@code user_events} exactly once, the anonymous ones under the visitor's domain
 * user id, and the page views in {@code error/} as {@code unmapped_event}.
 */
@ExtendWith(SharedPipeline.class)
class BrowserTrackerIT {

    private static final String TP2 = "/com.snowplowanalytics.snowplow/tp2";

    /** An answer of the collector to a request of the page, as Chromium saw it. */
    record Answer(String method, String path, int status, String contentType, String allowOrigin, String allowCredentials) {
    }

    @Test
    void aVisitOnAnotherOriginIsStoredThroughPostAndGet(ClientPipeline pipeline, NodeProject node) throws Exception {
        String prefix = "browser-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt()) + "-";
        Plan plan = Plan.browserVisit(prefix);
        Path planFile = plan.write(pipeline.runDir().resolve("plans/browser.json"), pipeline.collectorUrl(), null);

        double unmappedBefore = pipeline.unmappedCounted();
        Instant sendStarted = Instant.now();
        JsonNode report = node.run("browser-snowplow.js", planFile, Map.of("CHROMIUM", Chromium.executable().toString()));
        Instant sendEnded = Instant.now();

        assertThat(report.path("errors")).as("console errors, failed requests, error answers (plan %s): %s", planFile, report)
                .isEmpty();
        assertThat(report.path("acknowledged").asInt()).as("events the trackers saw acknowledged: %s", report)
                .isEqualTo(plan.calls().size());
        String pageOrigin = report.path("pageOrigin").asText();
        assertThat(pageOrigin).as("the page's origin").isNotEmpty().isNotEqualTo(pipeline.collectorUrl().toString());
        List<Answer> answers = new ArrayList<>();
        report.path("collectorRequests").forEach(answer -> answers.add(new Answer(answer.path("method").asText(),
                answer.path("path").asText(), answer.path("status").asInt(), answer.path("contentType").asText(),
                answer.path("allowOrigin").asText(), answer.path("allowCredentials").asText())));
        assertThat(answers).as("the collector's answers Chromium saw: both transports, 200, the page's origin echoed"
                        + " with credentials allowed, the pixel a GIF")
                .isNotEmpty()
                .allSatisfy(answer -> {
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.allowOrigin()).isEqualTo(pageOrigin);
                    assertThat(answer.allowCredentials()).isEqualTo("true");
                })
                .anySatisfy(answer -> assertThat(answer.method() + " " + answer.path()).isEqualTo("POST " + TP2))
                .anySatisfy(answer -> assertThat(answer.method() + " " + answer.path()).isEqualTo("GET /i"))
                .filteredOn(answer -> answer.path().equals("/i"))
                .allSatisfy(answer -> assertThat(answer.contentType()).startsWith("image/gif"));

        List<String> preflights = new ArrayList<>();
        report.path("preflights").forEach(preflight -> preflights.add(preflight.path("path").asText() + " "
                + preflight.path("status").asInt() + " allow-origin " + preflight.path("allowOrigin").asText()
                + " allow-credentials " + preflight.path("allowCredentials").asText()
                + " allow-methods " + preflight.path("allowMethods").asText().replace(" ", "")
                + " allow-headers " + preflight.path("allowHeaders").asText().toLowerCase(Locale.ROOT).replace(" ", "")));
        assertThat(preflights).as("the CORS preflights of the POSTs (their JSON Content-Type is not a simple one)")
                .isNotEmpty()
                .allSatisfy(preflight -> assertThat(preflight)
                        .matches(Pattern.quote(TP2) + " 20[04] allow-origin " + Pattern.quote(pageOrigin)
                                + " allow-credentials true allow-methods \\S*POST\\S* allow-headers \\S*content-type\\S*"));

        Map<String, String> visitorIds = Map.of("post", report.path("domainUserIds").path("post").asText(),
                "get", report.path("domainUserIds").path("get").asText());
        assertThat(visitorIds.get("get")).as("the anonymous visitor's domain user id").isNotEmpty();
        Function<Plan.Call, String> userOf = call -> Boolean.TRUE.equals(call.anonymous()) ? visitorIds.get(call.method())
                : call.user();
        Delivery.assertStoredOnce(pipeline, plan, userOf, List.copyOf(visitorIds.values()), report, sendStarted, sendEnded);
        Delivery.assertKeptAsUnmapped(pipeline, plan, unmappedBefore);
    }
}
