package dev.stowage.bus;

import dev.stowage.error.StowageException;
import java.time.Duration;

/**
 * What a consumer loop does when a handler fails: retry with capped exponential backoff, or
 * dead-letter. Transient failures are retried until {@code transientTimeout} has passed since the
 * first failure; unexpected exceptions (bugs, corrupt data) {@code maxUnexpectedAttempts} times.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration transientTimeout, int maxUnexpectedAttempts) {

    public enum Decision { RETRY, DEAD_LETTER }

    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(10), 4);
    }

    /** This policy with another window for riding out an outage. */
    public RetryPolicy withTransientTimeout(Duration timeout) {
        return new RetryPolicy(initialBackoff, maxBackoff, timeout, maxUnexpectedAttempts);
    }

    public Decision decide(Throwable failure, int attempt, Duration sinceFirstFailure) {
        if (failure instanceof StowageException s) {
            // bad input and refusals answer the same way every time; outages pass
            if (!s.retryable()) return Decision.DEAD_LETTER;
            return sinceFirstFailure.compareTo(transientTimeout) < 0 ? Decision.RETRY : Decision.DEAD_LETTER;
        }
        return attempt < maxUnexpectedAttempts ? Decision.RETRY : Decision.DEAD_LETTER;
    }

    /** Backoff before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
