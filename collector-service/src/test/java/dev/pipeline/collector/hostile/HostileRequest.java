package dev.pipeline.collector.hostile;

import java.util.List;
import java.util.Map;

/**
 * One class of bad (or tricky but valid) request, to {@code POST /events} or a tracker path, and what
 * the contract says the collector answers.
 *
 * <p>The {@link Answer} says the answer's shape. {@link Answer#ERROR}: {@code {"error":"..."}}
 * containing {@code errorPart}, with nothing of the body written. {@link Answer#OUTCOME} ({@code POST
 * /events}): {@code {"accepted","rejected","errors"}} with these counts and, in order, these reason
 * codes (of the first 100 errors at most). The tracker successes ({@link Answer#SEGMENT_SUCCESS},
 * {@link Answer#SNOWPLOW_OK}, {@link Answer#PIXEL}) say nothing of the events: there the counts and
 * reason codes are what the files must hold, {@code accepted} rows in {@code raw/} and
 * {@code rejected} records in {@code error/} with these codes in order.
 *
 * @param method {@code POST}, or {@code GET} (no body; {@code path} carries the query string as sent)
 * @param path the request target, e.g. {@code /events}, {@code /v1/batch}, {@code /i?e=ue&...}
 * @param headers further request headers (e.g. {@code Authorization}), sent as given
 * @param contentType the {@code Content-Type} header, {@code null} to send none
 * @param contentEncoding the {@code Content-Encoding} header, {@code null} to send none
 * @param marker a text unique to this class that every event of the body carries (in its id or
 *     user id), to find what the collector stored of it in {@code raw/} and {@code error/}
 * @param roundTrips events that must be in {@code raw/} with exactly these ids, byte for byte
 * @param decoded the body as the collector reads it (after gzip; a GET's query string), to check
 *     quarantined texts against
 * @param kept when not empty, the exact texts of the records in {@code error/}, in order: a tracker
 *     message is kept whole, whatever its size
 * @param deviation when not null, a reported deviation of the collector from the contract that makes
 *     the answer's body differ: only the status and the files are checked
 */
public record HostileRequest(
        String name,
        String method,
        String path,
        Map<String, String> headers,
        String contentType,
        String contentEncoding,
        byte[] body,
        byte[] decoded,
        int status,
        Answer answer,
        String errorPart,
        int accepted,
        int rejected,
        List<String> reasons,
        List<String> kept,
        String marker,
        List<RoundTrip> roundTrips,
        String deviation) {

    /** What the answer's body is. */
    public enum Answer {
        /** {@code {"error":"..."}}, nothing written. */
        ERROR,
        /** {@code POST /events}: {@code {"accepted":A,"rejected":R,"errors":[...]}}. */
        OUTCOME,
        /** Segment's paths: {@code {"success":true}}. */
        SEGMENT_SUCCESS,
        /** Snowplow's {@code tp2}: {@code ok}. */
        SNOWPLOW_OK,
        /** Snowplow's {@code GET /i}: a GIF. */
        PIXEL
    }

    /** The identifiers an accepted event must keep unchanged through the CSV in {@code raw/}. */
    public record RoundTrip(String eventId, String userId, String productId) {
    }

    public boolean expectsError() {
        return answer == Answer.ERROR;
    }

    /** The test's display name. */
    @Override
    public String toString() {
        return name;
    }
}
