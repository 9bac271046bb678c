package dev.stowage.blob;

import dev.stowage.oci.Digest;
import java.io.IOException;

/** The blob store has no blob with this digest. */
public final class BlobNotFoundException extends IOException {
    private final Digest digest;

    public BlobNotFoundException(Digest digest, String where) {
        super("blob " + digest + " not found in " + where);
        this.digest = digest;
    }

    public Digest digest() {
        return digest;
    }
}
