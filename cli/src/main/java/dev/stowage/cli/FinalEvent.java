package dev.stowage.cli;

import dev.stowage.event.StowageEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The event that ends what a watcher follows (a build's or a fleet rebuild's outcome): set once, awaited with a deadline. */
final class FinalEvent {
    private final CompletableFuture<StowageEvent> event = new CompletableFuture<>();

    void set(StowageEvent e) {
        event.complete(e);
    }

    StowageEvent await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return event.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
