package dev.stowage.cli;

import dev.stowage.bus.RetryListener;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.error.FailureText;
import dev.stowage.error.StowageException;
import dev.stowage.event.StowageEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says on the terminal, once per distinct problem, that the build is riding out an outage: {@code
 * stowage: docker://…: registry HOST unreachable: connection refused; retrying for up to 15 s
 * (--unreachable-timeout)}. The details of each retry stay in the log.
 */
final class RetryNotices implements RetryListener {
    private final PrintWriter err;
    private final Duration unreachable;
    private final Duration outage;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    RetryNotices(PrintWriter err, Duration unreachable, Duration outage) {
        this.err = err;
        this.unreachable = unreachable;
        this.outage = outage;
    }

    @Override
    public void retrying(String group, StowageEvent event, Throwable failure, int attempt, Duration backoff) {
        if (!(failure instanceof StowageException s) || !s.retryable()) return; // bugs are retried quietly, then reported once
        String line = FailureText.line(failure);
        if (!said.add(line)) return;
        boolean refused = RetryPolicy.unreachable(failure);
        err.println("stowage: " + line + "; retrying for up to " + (refused ? unreachable : outage).toSeconds() + " s ("
                + (refused ? "--unreachable-timeout" : "--outage-timeout") + ")");
        err.flush();
    }
}
