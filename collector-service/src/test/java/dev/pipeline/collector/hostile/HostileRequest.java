package dev.pipeline.collector.hostile;

import java.util.List;

/**
 * One class of bad (or tricky but valid) request and what the contract says the collector answers.
 *
 * <p>Either {@code errorPart} is set, and the answer must be {@code {"error":"..."}} containing it
 * with nothing of the body written; or the answer is the outcome {@code {"accepted","rejected","errors"}}
 * with these counts and, in order, these reason codes (of the first 100 errors at most).
 *
 * @param contentType the {@code Content-Type} header, {@code null} to send none
 * @param contentEncoding the {@code Content-Encoding} header, {@code null} to send none
 * @param marker a text unique to this class that every event of the body carries (in its id or
 *     user id), to find what the collector stored of it in {@code raw/} and {@code error/}
 * @param roundTrips events that must be in {@code raw/} with exactly these ids, byte for byte
 * @param decoded the body as the collector reads it (after gzip), to check quarantined texts against
 */
public record HostileRequest(
        String name,
        String contentType,
        String contentEncoding,
        byte[] body,
        byte[] decoded,
        int status,
        String errorPart,
        int accepted,
        int rejected,
        List<String> reasons,
        String marker,
        List<RoundTrip> roundTrips) {

    /** The identifiers an accepted event must keep unchanged through the CSV in {@code raw/}. */
    public record RoundTrip(String eventId, String userId, String productId) {
    }

    public boolean expectsError() {
        return errorPart != null;
    }

    /** The test's display name. */
    @Override
    public String toString() {
        return name;
    }
}
