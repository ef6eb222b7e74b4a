package dev.pipeline.generator.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(10);

    @Test
    void backsOffExponentiallyUpToTheMaximum() {
        RetryPolicy longest = new RetryPolicy(INITIAL, MAX, () -> 0.999_999);
        assertThat(longest.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(99));
        assertThat(longest.delay(2, Optional.empty())).isEqualTo(Duration.ofMillis(199));
        assertThat(longest.delay(4, Optional.empty())).isEqualTo(Duration.ofMillis(799));
        assertThat(longest.delay(10, Optional.empty())).isEqualTo(Duration.ofMillis(9_999));
        assertThat(longest.delay(1_000, Optional.empty())).isEqualTo(Duration.ofMillis(9_999));
    }

    @Test
    void jitterKeepsAtLeastHalfTheBackoff() {
        RetryPolicy shortest = new RetryPolicy(INITIAL, MAX, () -> 0);
        assertThat(shortest.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(50));
        assertThat(shortest.delay(3, Optional.empty())).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void neverComesBackBeforeRetryAfter() {
        RetryPolicy policy = new RetryPolicy(INITIAL, MAX, () -> 0.5);
        assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(10, Optional.of(Duration.ofSeconds(1)))).isEqualTo(Duration.ofMillis(7_500));
        assertThat(policy.delay(1, Optional.of(Duration.ofDays(1)))).isEqualTo(RetryPolicy.MAX_RETRY_AFTER);
    }

    @Test
    void readsRetryAfterAsSecondsOrHttpDate() {
        Instant now = Instant.parse("2026-11-24T10:15:30Z");
        assertThat(RetryPolicy.parseRetryAfter("3", now)).contains(Duration.ofSeconds(3));
        assertThat(RetryPolicy.parseRetryAfter(" 0 ", now)).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("Tue, 24 Nov 2026 10:15:40 GMT", now)).contains(Duration.ofSeconds(10));
        assertThat(RetryPolicy.parseRetryAfter("Tue, 24 Nov 2026 10:15:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("99999999999999999999", now)).contains(RetryPolicy.MAX_RETRY_AFTER);
        assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter(null, now)).isEmpty();
    }

    @Test
    void refusesAMaximumBelowTheInitialBackoff() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0))
                .hasMessageContaining("generator.retry-initial-backoff");
    }
}
