package dev.stowage.blob;

import dev.stowage.oci.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A blob being written. Nothing is visible until {@link #commit()}; closing without committing
 * discards what was written.
 */
public interface BlobWriter extends Closeable {
    OutputStream stream();

    /** Makes the blob visible under the digest of the bytes written. */
    default BlobRef commit() throws IOException {
        return commit(null);
    }

    /**
     * As {@link #commit()}, but fails with {@link DigestMismatchException} unless the bytes have
     * {@code expected} (null: accept whatever was written).
     */
    BlobRef commit(Digest expected) throws IOException;
}
