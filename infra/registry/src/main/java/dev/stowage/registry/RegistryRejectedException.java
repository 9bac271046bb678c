package dev.stowage.registry;

import java.util.List;

/** Any other unexpected status (400, 404, 405, 413...): the request itself is wrong. */
public final class RegistryRejectedException extends RegistryException {
    private final int status;
    private final List<String> codes;

    public RegistryRejectedException(String message, int status, List<String> codes) {
        super(message, null);
        this.status = status;
        this.codes = List.copyOf(codes);
    }

    public int status() {
        return status;
    }

    /** OCI error codes from the response body, e.g. {@code MANIFEST_BLOB_UNKNOWN}. */
    public List<String> codes() {
        return codes;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
