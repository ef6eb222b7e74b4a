package dev.pipeline.generator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.generator.injection.InvalidEvents;
import dev.pipeline.generator.injection.OutgoingEvent;
import dev.pipeline.generator.sending.Batch;
import dev.pipeline.generator.sending.BatchBuilder;
import dev.pipeline.generator.session.Shop;
import dev.pipeline.generator.session.ShopTraffic;
import dev.pipeline.model.validation.Reason;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GeneratorStatsTest {

    private long now = 5_000_000_000L;
    private final GeneratorStats stats = new GeneratorStats(() -> now);
    private final ShopTraffic traffic = Shop.traffic(81);

    @Test
    void everyEventSentEndsAckedRejectedOrFailed() {
        Batch first = batch(8, 2, 1);
        Batch second = batch(5, 0, 0);
        Batch third = batch(0, 3, 0);
        stats.sent(first);
        stats.sent(second);
        stats.sent(third);
        assertThat(stats.pending()).isEqualTo(19);
        assertThat(stats.inFlightBatches()).isEqualTo(3);

        stats.accepted(first, 9, 2);
        stats.failed(second);
        stats.rejected(third, 3);
        StatsSnapshot snapshot = stats.snapshot("running");
        assertThat(snapshot.sent()).isEqualTo(19);
        assertThat(snapshot.acked() + snapshot.rejected() + snapshot.failed() + snapshot.pending()).isEqualTo(19);
        assertThat(snapshot.acked()).isEqualTo(9);
        assertThat(snapshot.rejected()).isEqualTo(5);
        assertThat(snapshot.failed()).isEqualTo(5);
        assertThat(snapshot.duplicatesSent()).isEqualTo(1);
        assertThat(snapshot.invalidSent()).isEqualTo(5);
        assertThat(snapshot.invalidByReason()).containsEntry(Reason.MISSING_FIELD.code(), 2L)
                .containsEntry(Reason.WRONG_TYPE.code(), 2L).containsEntry(Reason.EVENT_ID_FORMAT.code(), 1L)
                .hasSize(InvalidEvents.BROKEN_RULES.size());
        assertThat(snapshot.sentByType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(13);
        assertThat(snapshot.inFlightBatches()).isZero();
    }

    @Test
    void notReadyUntilTheCollectorRecordsABatchNorWhileOneWaitsTooLong() {
        assertThat(stats.collectorTakesEvents()).isFalse();
        Batch first = batch(10, 0, 0);
        stats.sent(first);
        assertThat(stats.collectorTakesEvents()).isFalse();
        stats.accepted(first, 10, 0);
        assertThat(stats.collectorTakesEvents()).isTrue();

        now += TimeUnit.MINUTES.toNanos(5); // idle (paused, or finished): still ready
        assertThat(stats.collectorTakesEvents()).isTrue();
        Batch second = batch(10, 0, 0);
        stats.sent(second);
        now += TimeUnit.SECONDS.toNanos(9);
        assertThat(stats.collectorTakesEvents()).isTrue();
        now += TimeUnit.SECONDS.toNanos(2);
        assertThat(stats.collectorTakesEvents()).as("a batch waits more than 10 s").isFalse();
        stats.accepted(second, 10, 0);
        assertThat(stats.collectorTakesEvents()).isTrue();
        assertThat(stats.lastRecordedMillisAgo()).isZero();
    }

    @Test
    void theRateCoversTheLastFewWholeSeconds() {
        now = TimeUnit.SECONDS.toNanos(100);
        RecentRate rate = new RecentRate(() -> now);
        for (int second = 0; second < 10; second++) {
            for (int part = 0; part < 10; part++) {
                rate.add(second < 5 ? 10 : 100);
                now += TimeUnit.MILLISECONDS.toNanos(100);
            }
        }
        assertThat(rate.perSecond()).isEqualTo(1_000.0);
        now += TimeUnit.SECONDS.toNanos(3);
        assertThat(rate.perSecond()).isEqualTo(400.0);
        now += TimeUnit.SECONDS.toNanos(10);
        assertThat(rate.perSecond()).isZero();
    }

    @Test
    void theRateIsFairJustAfterTheStart() {
        RecentRate rate = new RecentRate(() -> now);
        rate.add(500);
        assertThat(rate.perSecond()).isZero();
        now += TimeUnit.SECONDS.toNanos(1);
        assertThat(rate.perSecond()).isEqualTo(500.0);
    }

    private Batch batch(int fresh, int invalid, int duplicates) {
        BatchBuilder builder = new BatchBuilder(fresh + invalid + duplicates);
        for (int i = 0; i < fresh; i++) {
            builder.add(new OutgoingEvent(traffic.next(), OutgoingEvent.Kind.FRESH, null));
        }
        InvalidEvents rules = new InvalidEvents();
        for (int i = 0; i < invalid; i++) {
            builder.add(new OutgoingEvent(traffic.next(), OutgoingEvent.Kind.INVALID, rules.nextRule()));
        }
        for (int i = 0; i < duplicates; i++) {
            builder.add(new OutgoingEvent(traffic.next(), OutgoingEvent.Kind.DUPLICATE, null));
        }
        return builder.build();
    }
}
