package dev.stowage.publisher.registry;

import java.time.Duration;

/** Bounded retries with exponential backoff; a server's Retry-After wins when longer (capped at max). */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay) {
    public RetryPolicy {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1");
    }

    public static RetryPolicy standard() {
        return new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    /** Delay before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration delay(int attempt, Duration retryAfter) {
        long backoff = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(attempt - 1, 20));
        long wanted = retryAfter == null ? backoff : Math.max(backoff, retryAfter.toMillis());
        return Duration.ofMillis(Math.min(wanted, maxDelay.toMillis()));
    }
}
