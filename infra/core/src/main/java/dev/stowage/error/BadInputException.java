package dev.stowage.error;

/**
 * The user's input is wrong: a spec field, a closure file, a store path. Never retried.
 * {@link #input()} names the offending input (a file, a field, a store path) for the one-line error.
 */
public final class BadInputException extends StowageException {
    private final String input;

    public BadInputException(String input, String message) {
        this(input, message, null);
    }

    public BadInputException(String input, String message, Throwable cause) {
        super(input + ": " + message, cause);
        this.input = input;
    }

    public String input() {
        return input;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
