package dev.pipeline.harness.reconcile;

import java.util.Map;

/**
 * A run reconciled event id by event id. {@code acked = inPostgres + quarantined + duplicatesDropped + lost}.
 *
 * @param sent events the generators sent
 * @param acked events the collector acknowledged: valid ones in a 202 (duplicates included) and invalid
 *     ones it recorded in its quarantine
 * @param inPostgres distinct acknowledged ids found in {@code user_events}
 * @param quarantined distinct acknowledged ids, not in PostgreSQL, found in {@code error/}
 * @param duplicatesDropped acknowledgements of an id acknowledged before (PostgreSQL keeps it once)
 * @param lost distinct acknowledged ids neither in PostgreSQL nor quarantined
 * @param wrongReason invalid events quarantined with another reason than the rule they break
 * @param quarantinedByReason the quarantined acknowledged ids by reason code
 */
public record Summary(long sent, long acked, long inPostgres, long quarantined, long duplicatesDropped, long lost,
        long wrongReason, Map<String, Long> quarantinedByReason) {

    /** The contract's last line of {@code ./run.sh}. */
    public String line() {
        return "summary: sent=" + sent + " acked=" + acked + " in_postgres=" + inPostgres + " quarantined=" + quarantined
                + " duplicates_dropped=" + duplicatesDropped + " lost=" + lost;
    }
}
