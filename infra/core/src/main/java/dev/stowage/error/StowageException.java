package dev.stowage.error;

/**
 * Root of the pipeline's errors. Every subclass says whether retrying the same step can help,
 * so a consumer loop can decide between backoff and dead-lettering without guessing.
 */
public abstract sealed class StowageException extends RuntimeException
        permits BadInputException, RefusedException, TransientException {

    protected StowageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same step may succeed if tried again later. */
    public abstract boolean retryable();
}
