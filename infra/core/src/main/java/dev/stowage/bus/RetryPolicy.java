package dev.stowage.bus;

import dev.stowage.error.StowageException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Duration;

/**
 * What a consumer loop does when a handler fails: retry with capped exponential backoff, or
 * dead-letter. Transient failures are retried until {@code transientTimeout} has passed since the
 * first failure; unexpected exceptions (bugs, corrupt data) {@code maxUnexpectedAttempts} times.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration transientTimeout, int maxUnexpectedAttempts,
        Duration unreachableTimeout) {

    public enum Decision { RETRY, DEAD_LETTER }

    /** A policy that rides out an unreachable server (connection refused) as long as any other outage. */
    public RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration transientTimeout, int maxUnexpectedAttempts) {
        this(initialBackoff, maxBackoff, transientTimeout, maxUnexpectedAttempts, transientTimeout);
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(10), 4);
    }

    /** This policy with another window for riding out an outage (and an unreachable server, unless set apart). */
    public RetryPolicy withTransientTimeout(Duration timeout) {
        boolean same = unreachableTimeout.equals(transientTimeout);
        return new RetryPolicy(initialBackoff, maxBackoff, timeout, maxUnexpectedAttempts, same ? timeout : unreachableTimeout);
    }

    /**
     * This policy with a window of its own for a server that refuses connections: the command line
     * gives up on it quickly (nothing listens there), services keep the long outage window.
     */
    public RetryPolicy withUnreachableTimeout(Duration timeout) {
        return new RetryPolicy(initialBackoff, maxBackoff, transientTimeout, maxUnexpectedAttempts, timeout);
    }

    public Decision decide(Throwable failure, int attempt, Duration sinceFirstFailure) {
        if (failure instanceof StowageException s) {
            // bad input and refusals answer the same way every time; outages pass
            if (!s.retryable()) return Decision.DEAD_LETTER;
            Duration window = unreachable(failure) ? unreachableTimeout : transientTimeout;
            return sinceFirstFailure.compareTo(window) < 0 ? Decision.RETRY : Decision.DEAD_LETTER;
        }
        return attempt < maxUnexpectedAttempts ? Decision.RETRY : Decision.DEAD_LETTER;
    }

    /** Whether nothing listens where the failure tried to connect (connection refused, no route). */
    public static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) return true;
        }
        return false;
    }

    /** Backoff before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
