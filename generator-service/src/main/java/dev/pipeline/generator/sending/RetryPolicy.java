package dev.pipeline.generator.sending;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before resending a batch: exponential backoff with jitter, and never sooner than
 * the collector's {@code Retry-After}. The jitter keeps many generators that failed together from
 * coming back together.
 */
public final class RetryPolicy {

    /** A longer {@code Retry-After} is cut to this: a misconfigured proxy must not park the generator for hours. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier jitter;

    /**
     * @param jitter uniform in [0, 1); the random part of each wait
     */
    public RetryPolicy(Duration initialBackoff, Duration maxBackoff, DoubleSupplier jitter) {
        if (initialBackoff.toMillis() < 1 || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("generator.retry-initial-backoff must be at least 1ms and at most "
                    + "generator.retry-max-backoff, got " + initialBackoff + " and " + maxBackoff);
        }
        this.initialMillis = initialBackoff.toMillis();
        this.maxMillis = maxBackoff.toMillis();
        this.jitter = jitter;
    }

    /**
     * @param failedAttempts how many times the batch has been tried, from 1
     */
    public Duration delay(int failedAttempts, Optional<Duration> retryAfter) {
        // Doubling, capped; the shift is bounded so that a batch retried for days does not overflow.
        long backoff = Math.min(maxMillis, initialMillis << Math.min(failedAttempts - 1, 30));
        // "Equal jitter": at least half the backoff, so retries never come in a tight loop.
        long jittered = backoff / 2 + (long) (jitter.getAsDouble() * (backoff - backoff / 2));
        Duration wait = Duration.ofMillis(jittered);
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter.get();
            return asked.compareTo(wait) > 0 ? asked : wait;
        }
        return wait;
    }

    /**
     * A {@code Retry-After} header: whole seconds or an HTTP date (RFC 9110). Anything unreadable
     * counts as absent; the backoff then applies alone.
     */
    public static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            return value.length() > 9 ? Optional.of(MAX_RETRY_AFTER) : Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
