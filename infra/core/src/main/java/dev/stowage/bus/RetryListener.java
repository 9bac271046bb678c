package dev.stowage.bus;

import dev.stowage.event.StowageEvent;
import java.time.Duration;

/**
 * Told each time a bus is about to retry a handler (a retryable failure, within the policy's
 * window), before it waits {@code backoff}; the command line uses it to say at once that a
 * registry or store is unreachable instead of staying silent until the window ends.
 */
@FunctionalInterface
public interface RetryListener {
    /** @param attempt the attempt that failed, counting from 1 */
    void retrying(String group, StowageEvent event, Throwable failure, int attempt, Duration backoff);

    static RetryListener none() {
        return (group, event, failure, attempt, backoff) -> { };
    }
}
