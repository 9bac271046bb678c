package dev.stowage.bus;

import dev.stowage.event.StowageEvent;

/**
 * Handles one delivered event. Events given to {@code out} are published only if the handler
 * returns normally, before the message is acknowledged (atomically, where the bus supports
 * transactions). Throwing a retryable {@link dev.stowage.error.StowageException} asks for
 * redelivery with backoff; a {@link dev.stowage.error.BadInputException} dead-letters the
 * message and fails the build; anything else is retried a few times, then dead-lettered.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(StowageEvent event, Emitter out) throws Exception;

    /** Collects a handler's output events. */
    @FunctionalInterface
    interface Emitter {
        void emit(StowageEvent event);
    }
}
