package dev.pipeline.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tracker SDKs sites run on their servers, from npm at the versions {@code src/test/node/package-lock.json}
 * pins, each sending a shop's traffic ({@link Plan#shop}) to the packaged collector as it would to Segment,
 * RudderStack or Snowplow: every e-commerce call ends up in {@code user_events} as the rows the tracker
 * protocols map it to, exactly once, and every other call (page, identify, other events) in {@code error/} as
 * {@code unmapped_event}. The Segment-protocol SDKs send the collector's API key as their write key.
 */
@ExtendWith(SharedPipeline.class)
class TrackerSdksIT {

    /** The plans are seeded: the same calls each run (under new ids), another seed for other ones. */
    private static final long SEED = Long.getLong("client-tests.seed", 20261206L);

    enum Sdk {
        /** {@code @segment/analytics-node}: Basic auth, {@code POST /v1/batch}, plain JSON. */
        SEGMENT("segment", "segment-node.js"),
        /** {@code @rudderstack/rudder-sdk-node}: the Segment protocol, gzipped JSON labelled form-urlencoded. */
        RUDDERSTACK("rudderstack", "rudder-node.js"),
        /** {@code @snowplow/node-tracker}: {@code POST} tp2, {@code ue_px}/{@code cx} base64url-encoded. */
        SNOWPLOW("snowplow", "snowplow-node.js");

        private final String tag;
        private final String script;

        Sdk(String tag, String script) {
            this.tag = tag;
            this.script = script;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Sdk.class)
    void ecommerceCallsAreStoredOnceAndEveryOtherCallIsKeptAsUnmapped(Sdk sdk, ClientPipeline pipeline, NodeProject node)
            throws Exception {
        sendAndCheck(sdk, Plan.shop(prefix(sdk), SEED), "", pipeline, node);
    }

    /**
     * The SDKs' own retries: the first two requests reach the collector, which records them, but their
     * answers are lost (a proxy answers 503 instead), so the SDK sends the same messages again, each its own
     * way (Segment with the same messageId, a new sentAt and X-Retry-Count; RudderStack the same body;
     * Snowplow the same eid with a new stm, at its next flush). The ids the collector derives must make
     * the second copy the same event: still one row each.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Sdk.class)
    void aMessageSentAgainAfterItsAnswerWasLostIsStoredOnce(Sdk sdk, ClientPipeline pipeline, NodeProject node)
            throws Exception {
        JsonNode report = sendAndCheck(sdk, Plan.shop(prefix(sdk), SEED + 1).losingAnswers(2), "-retried", pipeline, node);
        assertThat(report.path("answersLost").asInt()).as("answers the proxy threw away: %s", report).isEqualTo(2);
    }

    private static JsonNode sendAndCheck(Sdk sdk, Plan plan, String suffix, ClientPipeline pipeline, NodeProject node)
            throws Exception {
        Path planFile = plan.write(pipeline.runDir().resolve("plans/" + sdk.tag + suffix + ".json"), pipeline.collectorUrl(),
                ClientPipeline.WRITE_KEY);

        double unmappedBefore = pipeline.unmappedCounted();
        Instant sendStarted = Instant.now();
        JsonNode report = node.run(sdk.script, planFile, Map.of());
        Instant sendEnded = Instant.now();

        assertThat(report.path("errors")).as("what %s reported (plan %s): %s", sdk.script, planFile, report).isEmpty();
        assertThat(report.path("acknowledged").asInt()).as("calls the SDK saw acknowledged: %s", report)
                .isEqualTo(plan.calls().size());
        Delivery.assertStoredOnce(pipeline, plan, Plan.Call::user, List.of(), report, sendStarted, sendEnded);
        Delivery.assertKeptAsUnmapped(pipeline, plan, unmappedBefore);
        return report;
    }

    private static String prefix(Sdk sdk) {
        return sdk.tag + "-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt()) + "-";
    }
}
