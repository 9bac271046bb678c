package dev.stowage.oci;

import java.io.IOException;

/**
 * A stored index, manifest or config that a {@link StoredImageReader} refuses: bytes that do not
 * match their descriptor (digest, size), a media type other than the one expected, or JSON that is
 * not a valid document. The message names the blob and what is wrong with it.
 */
public final class InvalidDocumentException extends IOException {
    private final Digest digest;

    public InvalidDocumentException(Digest digest, String message) {
        super(message);
        this.digest = digest;
    }

    public InvalidDocumentException(Digest digest, String message, Throwable cause) {
        super(message, cause);
        this.digest = digest;
    }

    /** The blob refused; null for a document no descriptor names (an OCI layout's {@code index.json}). */
    public Digest digest() {
        return digest;
    }
}
