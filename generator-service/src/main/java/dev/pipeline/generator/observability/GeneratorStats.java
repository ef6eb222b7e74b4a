package dev.pipeline.generator.observability;

import dev.pipeline.generator.injection.InvalidEvents;
import dev.pipeline.generator.sending.Batch;
import dev.pipeline.model.EventType;
import dev.pipeline.model.validation.Reason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What the generator has sent and what became of it, counted in events. Every event sent ends as
 * exactly one of acked, rejected or failed, or is still pending: {@code sent = acked + rejected +
 * failed + pending} once counts settle. Updated from the generating thread and the HTTP client's
 * threads; read by {@code /stats}, the metrics and the readiness check.
 */
public final class GeneratorStats {

    /** Waiting this long for the collector to record a pending batch makes the generator not ready. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(10);
    private static final long NEVER = Long.MIN_VALUE;

    private final LongSupplier nanoClock;
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final Map<EventType, LongAdder> sentByType = new EnumMap<>(EventType.class);
    private final Map<Reason, LongAdder> invalidByRule = new EnumMap<>(Reason.class);
    private final AtomicLong pending = new AtomicLong();
    private final AtomicInteger inFlightBatches = new AtomicInteger();
    private final RecentRate sentRate;
    private final RecentRate ackedRate;
    private volatile long lastRecordedNanos = NEVER;
    private volatile long pendingSinceNanos = NEVER;

    public GeneratorStats(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.sentRate = new RecentRate(nanoClock);
        this.ackedRate = new RecentRate(nanoClock);
        for (EventType type : EventType.values()) {
            sentByType.put(type, new LongAdder());
        }
        for (Reason rule : InvalidEvents.BROKEN_RULES) {
            invalidByRule.put(rule, new LongAdder());
        }
    }

    /** A batch goes out for the first time. */
    public void sent(Batch batch) {
        if (pending.getAndAdd(batch.size()) == 0) {
            pendingSinceNanos = nanoClock.getAsLong();
        }
        inFlightBatches.incrementAndGet();
        sent.add(batch.size());
        sentRate.add(batch.size());
        duplicates.add(batch.duplicates().size());
        for (EventType type : EventType.values()) {
            sentByType.get(type).add(batch.freshOfType(type));
        }
        batch.invalidByRule().forEach((rule, count) -> invalidByRule.get(rule).add(count));
    }

    /** A batch goes out again, after a 429, a 5xx or no answer. */
    public void retried() {
        retries.increment();
    }

    /** The collector recorded the batch (202): {@code accepted} valid events, {@code rejected} quarantined. */
    public void accepted(Batch batch, int accepted, int rejected) {
        acked.add(accepted);
        ackedRate.add(accepted);
        this.rejected.add(rejected);
        // Should the collector's counts not add up to the batch, the rest is counted failed so that the totals still do.
        failed.add(Math.max(0, batch.size() - accepted - rejected));
        recorded(batch);
    }

    /** The collector quarantined the whole batch (400: no event was valid). */
    public void rejected(Batch batch, int rejected) {
        this.rejected.add(rejected);
        failed.add(Math.max(0, batch.size() - rejected));
        recorded(batch);
    }

    /** The batch was given up: the collector refused it for good, or the generator is shutting down. */
    public void failed(Batch batch) {
        failed.add(batch.size());
        done(batch);
    }

    private void recorded(Batch batch) {
        lastRecordedNanos = nanoClock.getAsLong();
        done(batch);
    }

    private void done(Batch batch) {
        inFlightBatches.decrementAndGet();
        pending.addAndGet(-batch.size());
    }

    public long sent() {
        return sent.sum();
    }

    public long acked() {
        return acked.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long sentOfType(EventType type) {
        return sentByType.get(type).sum();
    }

    public long invalid(Reason rule) {
        return invalidByRule.get(rule).sum();
    }

    public long pending() {
        return pending.get();
    }

    public int inFlightBatches() {
        return inFlightBatches.get();
    }

    public double rate() {
        return sentRate.perSecond();
    }

    /**
     * Whether the collector is taking events: it has recorded at least one batch, and no batch has
     * been waiting for it longer than {@link #STALE_AFTER}.
     */
    public boolean collectorTakesEvents() {
        long recorded = lastRecordedNanos;
        if (recorded == NEVER) {
            return false;
        }
        if (pending.get() == 0) {
            return true;
        }
        long waitingSince = Math.max(recorded, pendingSinceNanos);
        return nanoClock.getAsLong() - waitingSince <= STALE_AFTER.toNanos();
    }

    /** Milliseconds since the collector last recorded a batch, or null if it never has. */
    public Long lastRecordedMillisAgo() {
        long recorded = lastRecordedNanos;
        return recorded == NEVER ? null : (nanoClock.getAsLong() - recorded) / 1_000_000;
    }

    public StatsSnapshot snapshot(String state) {
        Map<String, Long> byType = new LinkedHashMap<>();
        sentByType.forEach((type, count) -> byType.put(type.wireName(), count.sum()));
        Map<String, Long> byReason = new LinkedHashMap<>();
        invalidByRule.forEach((rule, count) -> byReason.put(rule.code(), count.sum()));
        return new StatsSnapshot(state, sent(), acked(), rejected(), retries(), failed(), pending(), inFlightBatches(),
                byType, duplicates(), byReason.values().stream().mapToLong(Long::longValue).sum(), byReason,
                round(sentRate.perSecond()), round(ackedRate.perSecond()), lastRecordedMillisAgo());
    }

    private static double round(double rate) {
        return Math.round(rate * 10) / 10.0;
    }
}
