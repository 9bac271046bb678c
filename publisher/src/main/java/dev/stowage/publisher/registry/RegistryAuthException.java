package dev.stowage.publisher.registry;

/** 401/403 after authentication was tried: wrong credentials or missing permission. */
public final class RegistryAuthException extends RegistryException {
    private final int status;

    public RegistryAuthException(String message, int status) {
        super(message, null);
        this.status = status;
    }

    public int status() {
        return status;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
