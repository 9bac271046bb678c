package dev.stowage.registry;

import java.time.Duration;
import java.util.Optional;

/** 429, 5xx, or a connection failure: retry with backoff (honouring {@link #retryAfter()}). */
public final class RegistryUnavailableException extends RegistryException {
    private final Duration retryAfter;

    public RegistryUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
