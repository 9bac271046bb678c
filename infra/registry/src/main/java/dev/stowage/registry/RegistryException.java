package dev.stowage.registry;

/**
 * Root of registry errors. Messages name the registry, repository, step and OCI error codes;
 * never a credential or token.
 */
public abstract sealed class RegistryException extends RuntimeException
        permits RegistryUnavailableException, RegistryAuthException, RegistryRejectedException {

    protected RegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same step may succeed if tried again later. */
    public abstract boolean retryable();
}
