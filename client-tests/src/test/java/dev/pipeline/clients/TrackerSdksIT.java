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
        String prefix = sdk.tag + "-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt()) + "-";
        Plan plan = Plan.shop(prefix, SEED);
        Path planFile = plan.write(pipeline.runDir().resolve("plans/" + sdk.tag + ".json"), pipeline.collectorUrl(),
                ClientPipeline.WRITE_KEY);

        Instant sendStarted = Instant.now();
        JsonNode report = node.run(sdk.script, planFile, Map.of());
        Instant sendEnded = Instant.now();

        assertThat(report.path("errors")).as("what %s reported (plan %s): %s", sdk.script, planFile, report).isEmpty();
        assertThat(report.path("acknowledged").asInt()).as("calls the SDK saw acknowledged: %s", report)
                .isEqualTo(plan.calls().size());
        Delivery.assertStoredOnce(pipeline, plan, Plan.Call::user, List.of(), sendStarted, sendEnded);
        Delivery.assertKeptAsUnmapped(pipeline, plan);
    }
}
