package dev.stowage.publisher.output;

import dev.stowage.event.OutputTarget;
import dev.stowage.publisher.registry.RegistryException;

/** A {@code docker://} output failed; the message names the output, then the registry's answer (never a credential). */
public final class RegistryOutputException extends RuntimeException {
    private final transient RegistryException cause;

    public RegistryOutputException(OutputTarget target, RegistryException cause) {
        super(target + ": " + cause.getMessage(), cause);
        this.cause = cause;
    }

    /** Whether trying the same push again later may succeed (the registry was unavailable). */
    public boolean retryable() {
        return cause.retryable();
    }
}
