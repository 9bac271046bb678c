package dev.stowage.registryserver;

/** The distribution spec's error codes this registry answers, each with its HTTP status. */
public enum ErrorCode {
    NAME_UNKNOWN(404),
    MANIFEST_UNKNOWN(404),
    BLOB_UNKNOWN(404),
    NAME_INVALID(400),
    TAG_INVALID(400),
    DIGEST_INVALID(400),
    RANGE_INVALID(416),
    PAGINATION_NUMBER_INVALID(400),
    UNSUPPORTED(405),
    /** No credentials, or wrong ones: the answer carries the challenge ({@code WWW-Authenticate}). */
    UNAUTHORIZED(401),
    /** The caller is known, but no access rule lets them read this name. */
    DENIED(403),
    /** A build is still running (or the builders are busy): retry after the answer's Retry-After. */
    UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
