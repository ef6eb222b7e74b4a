package dev.pipeline.generator.sending;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.model.json.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * What the collector answered to one request, and what the generator does about it. The contract:
 * 202 with {@code {"accepted":A,"rejected":R,...}}; 400 with the same shape when no event was
 * valid (they are quarantined: not retried); 429 and 5xx (with {@code Retry-After}) when it cannot
 * take events now.
 *
 * @param accepted from the body of a 202, or -1 when the body did not say
 * @param rejected from the body of a 202 or 400, or -1 when the body did not say
 */
record CollectorAnswer(int status, Optional<Duration> retryAfter, int accepted, int rejected, String body) {

    enum Outcome {
        /** Recorded: valid events to raw, invalid ones quarantined. */
        ACCEPTED,
        /** Recorded, but every event was invalid and went to quarantine. */
        REJECTED,
        /** Not recorded now; the same batch goes again later. */
        RETRY,
        /** Not recorded, and sending it again would not change that (wrong key, body too large...). */
        FAILED
    }

    static CollectorAnswer of(int status, Optional<Duration> retryAfter, byte[] body) {
        int accepted = -1;
        int rejected = -1;
        if (status == 202 || status == 400) {
            try {
                JsonNode json = EventJson.MAPPER.readTree(body);
                accepted = json.path("accepted").asInt(-1);
                rejected = json.path("rejected").asInt(-1);
            } catch (IOException e) {
                // Not the contract's body: the outcome below treats it as saying nothing.
            }
        }
        return new CollectorAnswer(status, retryAfter, accepted, rejected, new String(body, StandardCharsets.UTF_8));
    }

    Outcome outcome() {
        if (status >= 200 && status < 300) {
            return Outcome.ACCEPTED;
        }
        if (status == 400 && rejected >= 0) {
            return Outcome.REJECTED;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return Outcome.RETRY;
        }
        return Outcome.FAILED;
    }
}
