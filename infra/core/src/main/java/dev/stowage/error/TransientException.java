package dev.stowage.error;

/** A dependency is temporarily unavailable (a storage server, a broker, a registry); retry with backoff. */
public final class TransientException extends StowageException {
    public TransientException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
