package dev.pipeline.generator.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The schedule, on a clock the test moves by hand: exact, whatever the machine's load. */
class PacerTest {

    private long now = 1_000_000_000L;
    private final Pacer pacer = new Pacer(100, () -> now);

    @Test
    void holdsTheRateOverTime() {
        int taken = 0;
        for (int step = 0; step < 10_000; step++) {
            taken += pacer.take(Integer.MAX_VALUE);
            now += TimeUnit.MILLISECONDS.toNanos(1);
        }
        // 10 s at 100/s: the events due at 0, 10 ms, ..., 9.99 s.
        assertThat(taken).isEqualTo(1000);
    }

    @Test
    void spreadsEventsEvenlyInsteadOfBurstingEachSecond() {
        assertThat(pacer.take(Integer.MAX_VALUE)).isEqualTo(1);
        assertThat(pacer.nanosUntilNext()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        now += TimeUnit.MILLISECONDS.toNanos(5);
        assertThat(pacer.take(Integer.MAX_VALUE)).isZero();
        assertThat(pacer.nanosUntilNext()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
        now += TimeUnit.MILLISECONDS.toNanos(5);
        assertThat(pacer.take(Integer.MAX_VALUE)).isEqualTo(1);
    }

    @Test
    void catchesUpAShortDelay() {
        pacer.take(Integer.MAX_VALUE);
        now += TimeUnit.MILLISECONDS.toNanos(250);
        assertThat(pacer.take(10)).isEqualTo(10);
        assertThat(pacer.take(Integer.MAX_VALUE)).isEqualTo(15);
        assertThat(pacer.nanosUntilNext()).isPositive();
    }

    @Test
    void afterALongStallCatchesUpAtMostOneSecondAndKeepsTheRate() {
        pacer.take(Integer.MAX_VALUE);
        now += TimeUnit.SECONDS.toNanos(60); // paused, or the collector was down
        assertThat(pacer.take(Integer.MAX_VALUE)).isEqualTo(100);
        int taken = 0;
        for (int step = 0; step < 2_000; step++) {
            now += TimeUnit.MILLISECONDS.toNanos(1);
            taken += pacer.take(Integer.MAX_VALUE);
        }
        assertThat(taken).isEqualTo(200);
    }

    @Test
    void handlesRatesBelowOneAndFarAboveTheClockResolution() {
        Pacer slow = new Pacer(0.5, () -> now);
        assertThat(slow.take(5)).isEqualTo(1);
        assertThat(slow.nanosUntilNext()).isEqualTo(TimeUnit.SECONDS.toNanos(2));

        Pacer fast = new Pacer(1_000_000, () -> now);
        now += TimeUnit.MILLISECONDS.toNanos(20);
        assertThat(fast.take(Integer.MAX_VALUE)).isEqualTo(20_001);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> new Pacer(0, () -> now)).hasMessageContaining("generator.rate");
    }
}
