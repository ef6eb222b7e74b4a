package dev.pipeline.generator.observability;

import java.util.Map;

/**
 * The body of {@code GET /stats} (field names in snake case). Counts are events, except
 * {@code retries} (requests sent again) and {@code inFlightBatches}.
 *
 * @param state {@code running}, {@code paused}, {@code finished} (a limit was reached),
 *     {@code stopped} (shut down or failed) or {@code disabled} ({@code generator.enabled=false})
 * @param sent events sent at least once, of every kind
 * @param acked events the collector accepted (202), duplicates included
 * @param rejected events the collector quarantined as invalid
 * @param failed events given up: refused for good (401, 413...) or unanswered at shutdown
 * @param pending events sent and not answered yet, retries waiting included
 * @param sentByType new valid events by {@code event_type}
 * @param duplicatesSent acknowledged events sent again
 * @param invalidSent events made invalid on purpose; {@code invalidByReason} splits them by reason code
 * @param rate events sent per second over the last few seconds
 * @param ackedRate events acknowledged per second over the last few seconds
 * @param lastRecordedMsAgo since the collector last recorded a batch; null if it never has
 */
public record StatsSnapshot(
        String state,
        long sent,
        long acked,
        long rejected,
        long retries,
        long failed,
        long pending,
        int inFlightBatches,
        Map<String, Long> sentByType,
        long duplicatesSent,
        long invalidSent,
        Map<String, Long> invalidByReason,
        double rate,
        double ackedRate,
        Long lastRecordedMsAgo) {
}
