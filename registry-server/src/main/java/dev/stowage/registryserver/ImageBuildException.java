package dev.stowage.registryserver;

/** A build ended in {@code BuildFailed}; {@code retryable} as its kind says (a bad input never builds later either). */
public final class ImageBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String buildId;
    private final boolean retryable;

    public ImageBuildException(String buildId, String message, boolean retryable) {
        super(message);
        this.buildId = buildId;
        this.retryable = retryable;
    }

    public String buildId() {
        return buildId;
    }

    public boolean retryable() {
        return retryable;
    }
}
