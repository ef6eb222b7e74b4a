package dev.pipeline.stream.dashboard;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /dashboard.json} (snake_case in JSON): what the page shows, as of
 * {@code refreshed_at}. Figures read from PostgreSQL or {@code error/} are null until first read.
 */
public record DashboardView(
        long refreshedAt,
        long refreshMs,
        Long rowsTotal,
        long rowsPerSecond,
        long pendingFiles,
        long pendingBytes,
        long oldestPendingAgeMs,
        long e2eP50Ms,
        long e2eP99Ms,
        Long quarantinedTotal,
        Map<String, Long> quarantinedByReason,
        List<QuarantineTally.Record> latestQuarantined,
        Funnel funnel,
        List<EventsTally.TopProduct> topProducts,
        Health health,
        RateHistory.Series history) {

    /** Events of each type whose {@code event_timestamp} is in the last hour, and the conversions. */
    public record Funnel(long view, long addToCart, long purchase, BigDecimal cartRate, BigDecimal purchaseRate) {
    }

    /**
     * The query's state (and the batch being retried, if any) and PostgreSQL's, as the last refresh found
     * it; {@code postgres_error} says why the last read failed.
     */
    public record Health(boolean queryActive, String failingBatch, boolean postgresOk, String postgresError) {
    }
}
