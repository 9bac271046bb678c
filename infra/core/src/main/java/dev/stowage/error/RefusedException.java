package dev.stowage.error;

/**
 * A dependency refused the step and will refuse it again: a registry rejected the credentials or
 * the scope, or does not accept what was sent. Not the user's build input and not a passing
 * outage, so it is never retried; {@link #subject()} names what was refused (e.g. an output).
 */
public final class RefusedException extends StowageException {
    private final String subject;

    public RefusedException(String subject, String message, Throwable cause) {
        super(subject + ": " + message, cause);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
