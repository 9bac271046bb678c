package dev.stowage.net;

import java.time.Duration;

/**
 * Bounded retries of one network call with exponential backoff, as registry clients and Nix's
 * {@code download-attempts} do: {@code attempts} tries in all; a server's Retry-After wins when
 * longer (capped at {@code maxDelay}).
 */
public record BoundedRetry(int attempts, Duration initialDelay, Duration maxDelay) {
    public BoundedRetry {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1");
    }

    /** The registry client's default: six tries, 200 ms doubling to 10 s. */
    public static BoundedRetry standard() {
        return new BoundedRetry(6, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    /** One try, no waiting. */
    public static BoundedRetry once() {
        return new BoundedRetry(1, Duration.ZERO, Duration.ZERO);
    }

    /** Delay before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration delay(int attempt, Duration retryAfter) {
        long backoff = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(attempt - 1, 20));
        long wanted = retryAfter == null ? backoff : Math.max(backoff, retryAfter.toMillis());
        return Duration.ofMillis(Math.min(wanted, maxDelay.toMillis()));
    }
}
