package dev.stowage.blob;

import dev.stowage.oci.Digest;
import java.io.IOException;

/** Bytes read or written do not have the digest they were stored or announced under. */
public final class DigestMismatchException extends IOException {
    public DigestMismatchException(Digest expected, Digest actual, String where) {
        super("digest mismatch in " + where + ": expected " + expected + ", got " + actual);
    }
}
